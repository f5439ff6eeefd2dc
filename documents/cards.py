"""Document cards rendered once per page in Python: the library's hottest HTML.

A list page shows 20 cards; as a template included in the loop each card cost some
80 template nodes, a ``reverse()`` per link and a ``gettext`` per label (about 70% of
the list page's time at 20,000 documents, by cProfile). Here the labels are translated
and the URL patterns reversed once per page, and each card is a few string joins.
Everything shown is escaped exactly as the template engine escapes it;
snippets arrive already safe (``<mark>`` around escaped text).
"""

from html import escape as _escape

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

_SLUG = "card-slug-placeholder"


def _text(value) -> str:
    """What ``{{ value }}`` prints, with shortcuts for the common cases.

    A plain string is escaped as Django's ``escape`` does (``html.escape``, quotes
    included); an integer needs no localizing without thousand separators; anything
    else (safe strings, lazy labels, numbers with separators) goes the template's way.
    """
    if type(value) is str:
        return _escape(value)
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return conditional_escape(localize(value))


def _url_pattern(name):
    """The URL of this view for any slug, reversed once: (before the slug, after it)."""
    head, tail = reverse(name, kwargs={"slug": _SLUG}).split(_SLUG)
    return head, tail


class CardRenderer:
    """Renders document cards for one page, in the active language."""

    def __init__(self):
        from documents.models import DocumentType, Language

        self.language = (get_language() or "en").split("-")[0]
        self.document_url = _url_pattern("documents:document-detail")
        self.theme_url = _url_pattern("documents:theme-detail")
        self.types = {value: conditional_escape(label) for value, label in DocumentType.choices}
        self.languages = {value: conditional_escape(label) for value, label in Language.choices}
        self.visibility_badges = {
            "members": self._badge("members", gettext("Members only")),
            "steering": self._badge("steering", gettext("Steering committee only")),
        }
        self.status_badges = {
            "draft": self._badge("draft", gettext("Draft")),
            "archived": self._badge("archived", gettext("Archived")),
        }
        # A counterpart's address is under its own language's prefix; its link is named
        # in its language ("Version française" on an English page, and vice versa).
        self.counterpart_urls = {}
        for code in ("en", "fr"):
            with translation.override(code):
                self.counterpart_urls[code] = _url_pattern("documents:document-detail")
        self.counterpart_names = {"fr": "Version française", "en": "English version"}
        self.coming_badges = {
            "fr": self._badge("translation", gettext("French version coming")),
            "en": self._badge("translation", gettext("English version coming")),
        }
        self.themes_label = conditional_escape(gettext("Thematic areas"))
        self.cover_url = _url_pattern("documents:document-cover")
        self.cover_alt = gettext("Cover of “%(title)s”")
        self._theme_links = {}

    @staticmethod
    def _badge(kind, label):
        return f'<span class="badge badge--{kind}">{conditional_escape(label)}</span>'

    def _theme_link(self, theme):
        link = self._theme_links.get(theme.pk)
        if link is None:
            head, tail = self.theme_url
            # A theme without its French name shows the English one: marked as such.
            lang = ' lang="en"' if self.language == "fr" and not theme.name_fr else ""
            link = (
                f'<li><a href="{head}{conditional_escape(theme.slug)}{tail}"{lang}>'
                f"{conditional_escape(theme.label)}</a></li>"
            )
            self._theme_links[theme.pk] = link
        return link

    def card(self, document) -> str:
        """One card, as ``templates/includes/cards/document.html`` documents its markup."""
        esc = _text
        language = document.language
        lang = "" if language == self.language else f' lang="{esc(language)}"'
        head, tail = self.document_url
        parts = [
            '<article class="card doc-card">\n  '
            f"{self.cover(document)}\n"
            f'  <h3 class="card-title"><a href="{head}{esc(document.slug)}{tail}"{lang}>'
            f"{esc(document.title)}</a></h3>\n  "
        ]
        subtitle = document.subtitle
        if subtitle:
            parts.append(f'<p class="doc-card-subtitle"{lang}>{esc(subtitle)}</p>')
        date = document.publication_date
        parts.append(
            f'\n  <p class="meta">{self.types.get(document.document_type, "")} · '
            f'<time datetime="{date:%Y-%m-%d}">{esc(document.display_date)}</time> · '
            f"{self.languages.get(language, '')}"
        )
        if document.file_type:
            parts.append(f" · {esc(document.file_type.upper())}")
        coming = ""
        if document.translation_coming:
            coming = self.coming_badges.get(document.other_language, "")
        parts.append(
            f"\n    {self.visibility_badges.get(document.visibility, '')}"
            f"\n    {self.status_badges.get(document.status, '')}{coming}\n  </p>\n  "
        )
        counterpart = getattr(document, "counterpart_slug", None)
        if counterpart:
            other = document.other_language
            head, tail = self.counterpart_urls[other]
            parts.append(
                f'<p class="doc-card-other"><a href="{head}{esc(counterpart)}{tail}" '
                f'hreflang="{other}" lang="{other}">{self.counterpart_names[other]}</a></p>\n  '
            )
        snippet = getattr(document, "snippet", None)
        if snippet:
            parts.append(f'<p class="snippet"{lang}>{esc(snippet)}</p>')
        themes = getattr(document, "theme_list", None)
        parts.append("\n  ")
        if themes:
            links = "".join(self._theme_link(theme) for theme in themes)
            parts.append(
                f'\n  <ul class="tag-list" aria-label="{self.themes_label}">{links}</ul>\n  '
            )
        parts.append("\n</article>")
        return "".join(parts)

    def cover(self, document) -> str:
        head, tail = self.cover_url
        return cover_html(
            document,
            src=f"{head}{_text(document.slug)}{tail}",
            alt=self.cover_alt,
            type_label=self.types.get(document.document_type, ""),
        )

    def items(self, documents) -> str:
        """The cards as ``<li>`` items of a card list."""
        return mark_safe("".join(f"<li>{self.card(d)}</li>" for d in documents))


def cover_html(document, *, src, alt, type_label, loading="lazy") -> str:
    """A document's cover thumbnail, or a placeholder naming its type when it has none.

    ``src``: the cover's address (escaped); ``alt``: "Cover of “%(title)s”", translated.
    """
    if document.thumbnail and document.thumbnail_width and document.thumbnail_height:
        return (
            f'<img class="cover" src="{src}" '
            f'width="{document.thumbnail_width}" height="{document.thumbnail_height}" '
            f'alt="{_text(alt % {"title": document.title})}" loading="{loading}" '
            'decoding="async">'
        )
    # The type and the file's kind are written beside it already: hidden from readers.
    kind = f"<span>{_text(document.file_type.upper())}</span>" if document.file_type else ""
    return (
        '<span class="cover cover--placeholder" aria-hidden="true">'
        f"<span>{type_label}</span>{kind}</span>"
    )


def document_cover(document, *, loading="lazy") -> str:
    """One document's cover (the reading page), safe to output."""
    return mark_safe(
        cover_html(
            document,
            src=_text(reverse("documents:document-cover", kwargs={"slug": document.slug})),
            alt=gettext("Cover of “%(title)s”"),
            type_label=conditional_escape(document.get_document_type_display()),
            loading=loading,
        )
    )


def document_cards(documents) -> str:
    """Every card of a page, as list items, safe to output."""
    return CardRenderer().items(documents)


def facet_items(options) -> str:
    """A facet's options as ``<li>`` links (``templates/documents/includes/facets.html``).

    About a hundred options on a list page: one template loop over them rendered some
    1,000 nodes; here one translated label per page and a string per option.
    """
    esc = _text
    selected_note = conditional_escape(gettext("(selected; remove this filter)"))
    items = []
    for option in options:
        if option.selected:
            items.append(
                f'\n    <li><a href="{esc(option.url)}" aria-current="true" class="facet-selected">'
                f"{esc(option.label)} "
                f'<span class="facet-count">({esc(option.count)})</span>'
                f'<span class="visually-hidden"> {selected_note}</span></a></li>\n  '
            )
        else:
            items.append(
                f'\n    <li><a href="{esc(option.url)}">{esc(option.label)} '
                f'<span class="facet-count">({esc(option.count)})</span></a></li>\n  '
            )
    return mark_safe("".join(items))
