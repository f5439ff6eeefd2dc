"""Markdown rendering and sanitizing: the one function pages, previews and feeds use.

Content comes from members and the steering committee, so it may not dress itself as
the site: no ``class`` or ``id`` of its own (a fake "session expired" alert, a second
``id="main"``). The only ones kept are those Markdown generates for us: heading ids
with the ``sec-`` prefix, footnote ids (``fn:``, ``fnref:``) and the footnote classes.
"""

import re
from functools import lru_cache
from html.parser import HTMLParser

import markdown as md
import nh3
from django.utils.safestring import mark_safe
from markdown.extensions.toc import slugify

HEADING_ID_PREFIX = "sec-"
GENERATED_ID = re.compile(r"(sec-|fn:|fnref\d*:)[\w.:-]+")
GENERATED_CLASSES = {
    "div": {"footnote", "toc"},
    "a": {"footnote-ref", "footnote-backref"},
}


def _heading_id(value, separator):
    return HEADING_ID_PREFIX + slugify(value, separator)


# "extra" without attr_list, which would let a text set its own ids and classes.
EXTENSIONS = [
    "abbr",
    "def_list",
    "fenced_code",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "sane_lists",
    "smarty",
]
EXTENSION_CONFIGS = {"toc": {"baselevel": 2, "toc_depth": "2-3", "slugify": _heading_id}}

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


def _only_generated_ids(element, attribute, value):
    if attribute == "id" and not GENERATED_ID.fullmatch(value):
        return None
    return value


def _clean(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=GENERATED_CLASSES,
        attribute_filter=_only_generated_ids,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str, *, with_toc: bool = False):
    """Render Markdown to sanitized HTML.

    Returns the HTML, or ``(html, toc_html)`` when ``with_toc`` is true. Headings are
    shifted so ``#`` becomes ``<h2>``: the page's ``<h1>`` is the item's title.
    """
    html, toc = _rendered(str(text or ""))
    if not with_toc:
        return mark_safe(html)
    return mark_safe(html), mark_safe(toc) if "<li" in toc else ""


@lru_cache(maxsize=256)
def _rendered(text: str) -> tuple[str, str]:
    """The HTML and table of contents of a text, kept per process by the text itself.

    Rendering and sanitizing a long paper is a third of its reading page; the result
    depends on nothing but the text, so an edited text is simply a new key.
    """
    converter = md.Markdown(
        extensions=EXTENSIONS,
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )
    raw = converter.convert(text)
    return _clean(raw), _clean(converter.toc)


_BLOCKS = {
    "blockquote",
    "div",
    "dl",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
}
_LINES = {"dd", "dt", "li", "tr"}


class _PlainText(HTMLParser):
    """Sanitized HTML to plain text: blocks become paragraphs, links their text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.links = []  # (href, index of the link's first part)
        self.lists = []  # per open list: the next number, or None when unordered
        self.in_pre = 0
        self.bullet_at = None

    def _break(self, newlines):
        if not self.parts or self.bullet_at == len(self.parts) - 1:
            return  # nothing yet, or a paragraph inside a list item: on the item's line
        if self.parts[-1].strip("\n"):
            self.parts.append("\n" * newlines)
        else:
            self.parts[-1] = "\n" * max(newlines, len(self.parts[-1]))

    def handle_starttag(self, tag, attrs):
        if tag in {"ol", "ul"} and self.lists:
            self._break(1)  # a nested list
            self.lists.append(1 if tag == "ol" else None)
        elif tag in _BLOCKS:
            self._break(2)
            self.in_pre += tag == "pre"
            if tag in {"ol", "ul"}:
                self.lists.append(1 if tag == "ol" else None)
        elif tag in _LINES:
            self._break(1)
            if tag == "li":
                number = self.lists[-1] if self.lists else None
                if number is None:
                    self.parts.append("- ")
                else:
                    self.parts.append(f"{number}. ")
                    self.lists[-1] = number + 1
                self.bullet_at = len(self.parts) - 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in {"td", "th"} and self.parts and not self.parts[-1][-1:].isspace():
            self.parts.append("  ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag):
        if tag in {"ol", "ul"} and len(self.lists) > 1:
            self._break(1)
            self.lists.pop()
        elif tag in _BLOCKS:
            self._break(2)
            self.in_pre -= tag == "pre" and self.in_pre > 0
            if tag in {"ol", "ul"} and self.lists:
                self.lists.pop()
        elif tag in _LINES:
            self._break(1)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            if href.startswith("#fnref"):
                del self.parts[start:]  # the footnote's way back up the page
            elif href.startswith("#fn"):
                self.parts[start:] = [f"[{text}]"]
            # Only web addresses are worth reading out; javascript:, mailto: and
            # in-page anchors are dropped (the sanitizer has removed the unsafe ones).
            elif href.lower().startswith(("http://", "https://")) and href != text:
                self.parts.append(f" ({href})")

    def handle_data(self, data):
        if self.in_pre:
            self.parts.append(data)
            return
        data = re.sub(r"\s+", " ", data)
        after_space = not self.parts or self.parts[-1][-1:].isspace()
        if after_space:
            data = data.lstrip()
        if data:
            self.parts.append(data)

    def text(self) -> str:
        text = "".join(self.parts)
        text = re.sub(r"[ \t\xa0]+\n", "\n", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def markdown_to_text(source: str) -> str:
    """Markdown as plain text (calendars, emails), with the web address of each link.

    Rendered and sanitized by the site's one Markdown function first, so what a
    calendar shows is never more than what the page shows.
    """
    parser = _PlainText()
    parser.feed(str(render_markdown(source or "")))
    parser.close()
    return parser.text()
