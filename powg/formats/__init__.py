"""The site's formats: ``en/formats.py`` and ``fr/formats.py`` (FORMAT_MODULE_PATH).

Dates, times and numbers come from those modules through Django's own ``date``,
``time``, ``localize`` and ``intcomma``. File sizes have ``filesize`` below, because
Django's ``filesizeformat`` says ``1,6 Mio`` in French and ``13.0 KB`` in English.
"""

from django.utils.formats import number_format
from django.utils.html import avoid_wrapping
from django.utils.translation import gettext, ngettext

_UNITS = [
    (1 << 40, lambda size: gettext("%(size)s TB") % {"size": size}),
    (1 << 30, lambda size: gettext("%(size)s GB") % {"size": size}),
    (1 << 20, lambda size: gettext("%(size)s MB") % {"size": size}),
    (1 << 10, lambda size: gettext("%(size)s KB") % {"size": size}),
]


def filesize(size):
    """``1.6 MB`` / ``1,6 Mo``, ``13 KB`` / ``13 Ko``, ``500 bytes`` / ``500 octets``.

    Binary multiples (as Django and every file manager count them), one decimal unless
    it is zero, in the active language, never broken across lines. Empty for no size.
    """
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size < 0:
        return ""
    for factor, label in _UNITS:
        if size >= factor:
            value = round(size / factor, 1)
            decimals = 0 if value == int(value) else 1
            number = number_format(value, decimals, use_l10n=True, force_grouping=True)
            return avoid_wrapping(label(number))
    number = number_format(size, use_l10n=True, force_grouping=True)
    return avoid_wrapping(ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": number})
