"""Markdown rendering and sanitizing: the one function pages, previews and feeds use."""

import markdown as md
import nh3
from django.utils.safestring import mark_safe

EXTENSIONS = ["extra", "toc", "sane_lists", "smarty"]
EXTENSION_CONFIGS = {"toc": {"baselevel": 2, "toc_depth": "2-3"}}

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
    "*": {"id", "class"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


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
    html = mark_safe(
        nh3.clean(
            raw,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )
    if not with_toc:
        return html
    toc = nh3.clean(converter.toc, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
    has_entries = "<li" in toc
    return html, mark_safe(toc) if has_entries else ""
