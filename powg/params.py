"""Numbers and slugs from the query string, read the one way every page uses.

``str.isdigit()`` accepts characters ``int()`` refuses (``²``, ``¹⁹⁹⁹``) and ``int()``
accepts digits from other scripts (``١٢``): only ASCII digits are a number here.
Anything else is "no value", never an error, so a hand-edited URL still shows a page.
"""

import re
from urllib.parse import urlencode

_ASCII_DIGITS = re.compile(r"[0-9]{1,9}")
# Django's slug_unicode_re, as a fullmatch: letters, digits, "-" and "_".
_SLUG = re.compile(r"[-\w]+")


def parse_int(value, *, default=None, minimum=None, maximum=None):
    """The whole number in ``value`` (ASCII digits only), or ``default``.

    Values outside ``minimum``/``maximum`` give ``default`` too.
    """
    if not isinstance(value, str) or not _ASCII_DIGITS.fullmatch(value.strip()):
        return default
    number = int(value.strip())
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return default
    return number


def page_number(request, name="page"):
    """The page asked for in ``?page=``: 1 when missing or malformed."""
    return parse_int(request.GET.get(name), default=1, minimum=1, maximum=99_999)


def parse_slug(value, *, max_length=200) -> str:
    """A slug from the query string, or "" (a NUL byte or a space never reaches SQL)."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    return value if len(value) <= max_length and _SLUG.fullmatch(value) else ""


def query_string(params: dict, **changes) -> str:
    """``?a=1&b=2`` from ``params`` with ``changes`` applied (None or "" removes a key)."""
    params = dict(params)
    for name, value in changes.items():
        if value in (None, ""):
            params.pop(name, None)
        else:
            params[name] = str(value)
    return f"?{urlencode(params)}" if params else ""
