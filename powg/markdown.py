"""Markdown rendering and sanitizing: the one function pages, previews and feeds use.

Content comes from members and the steering committee, so it may not dress itself as
the site: no ``class`` or ``id`` of its own (a fake "session expired" alert, a second
``id="main"``). The only ones kept are those Markdown generates for us: heading ids
with the ``sec-`` prefix, footnote ids (``fn:``, ``fnref:``) and the footnote classes.
"""

import re

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
    converter = md.Markdown(
        extensions=EXTENSIONS,
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )
    raw = converter.convert(text or "")
    html = mark_safe(_clean(raw))
    if not with_toc:
        return html
    toc = _clean(converter.toc)
    has_entries = "<li" in toc
    return html, mark_safe(toc) if has_entries else ""
