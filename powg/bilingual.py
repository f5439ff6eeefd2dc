"""Content kept in both official languages: pick the request's, say which one it is.

A model keeps its English text in ``field`` and its French in ``field_fr``. A page in
one language shows that language's text when there is one, else the other's, and
marks the fallback with ``lang`` so screen readers and translators know (Canada.ca's
convention: content in the other language says so)::

    class Event(models.Model):
        title = models.CharField(...)
        title_fr = models.CharField(..., blank=True)
        localized_title = LocalizedField("title")

    {% with title=event.localized_title %}<h1{{ title.lang_attr }}>{{ title }}</h1>{% endwith %}

``lang_attr`` is empty when the text is in the page's language, so a template adds
it everywhere without marking what needs no mark; ``as_html`` does the same for a text
quoted inside a translated sentence.
"""

from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

LANGUAGES = ("en", "fr")


def current_language() -> str:
    """The request's language as ``"en"`` or ``"fr"`` (regional variants folded)."""
    return "fr" if (get_language() or "en").lower().startswith("fr") else "en"


class Localized(str):
    """A text in ``lang``, shown on a page in ``wanted``: a ``str`` that knows its language.

    It renders, compares and slices as the plain text; templates read ``lang``,
    ``is_fallback`` and ``lang_attr`` from it.
    """

    lang: str
    wanted: str

    def __new__(cls, text, *, lang, wanted):
        value = super().__new__(cls, text or "")
        value.lang = lang
        value.wanted = wanted
        return value

    def __reduce__(self):
        # Pickled (the cache) and copied as what it is, not as a bare str.
        return (_rebuild, (str(self), self.lang, self.wanted))

    @property
    def is_fallback(self) -> bool:
        """The text is in the other language (the page's had none)."""
        return bool(self) and self.lang != self.wanted

    @property
    def lang_attr(self) -> str:
        """`` lang="en"`` (with its leading space) on a fallback, else nothing."""
        return format_html(' lang="{}"', self.lang) if self.is_fallback else ""

    @property
    def as_html(self) -> str:
        """The escaped text, in a ``<span lang>`` on a fallback: for a sentence that
        quotes it (``{% blocktranslate with title=event.localized_title.as_html %}``)."""
        if self.is_fallback:
            return format_html('<span lang="{}">{}</span>', self.lang, str(self))
        return conditional_escape(str(self))


def _rebuild(text, lang, wanted):
    return Localized(text, lang=lang, wanted=wanted)


def pick(english, french, *, language=None) -> Localized:
    """The text in ``language`` (the request's by default), else the other one."""
    wanted = language or current_language()
    texts = {"en": english or "", "fr": french or ""}
    other = "en" if wanted == "fr" else "fr"
    if texts[wanted].strip() or not texts[other].strip():
        return Localized(texts[wanted], lang=wanted, wanted=wanted)
    return Localized(texts[other], lang=other, wanted=wanted)


class LocalizedField:
    """A read-only attribute picking ``field`` or ``field_fr`` for the request's language."""

    def __init__(self, field, french=None):
        self.field = field
        self.french = french or f"{field}_fr"

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return pick(getattr(instance, self.field), getattr(instance, self.french))


_BEFORE_PUNCTUATION = {":": "\u00a0", ";": "\u202f", "?": "\u202f", "!": "\u202f"}


def french_spacing(text: str) -> str:
    """French typography for text typed with ordinary spaces: a no-break space before
    ``:`` and inside « », a narrow one before ``; ? !``, so no line starts with them.

    For texts written in code (demo content); what people type is kept as typed.
    """
    for mark, space in _BEFORE_PUNCTUATION.items():
        text = text.replace(f" {mark}", f"{space}{mark}")
    return text.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
