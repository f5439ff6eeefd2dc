"""The shared helpers: Markdown sanitizing and formula-safe CSV."""

import pytest

from powg.csvexport import csv_response, safe_cell
from powg.markdown import render_markdown


def test_markdown_renders_and_sanitizes():
    html = render_markdown("# Title\n\nText with <script>alert(1)</script> and [a](javascript:x).")
    assert "<h2" in html  # headings shift below the page's h1
    assert "<script" not in html
    assert "javascript:" not in html


def test_markdown_footnotes_and_toc():
    html, toc = render_markdown("## One\n\nText[^1].\n\n## Two\n\n[^1]: A note.", with_toc=True)
    assert 'class="footnote' in html
    assert "One" in toc and "Two" in toc


def test_markdown_without_headings_has_no_toc():
    _html, toc = render_markdown("Just a paragraph.", with_toc=True)
    assert toc == ""


@pytest.mark.parametrize("value", ["=SUM(A1)", "+1", "-1", "@cmd", "\tx", "\rx"])
def test_csv_cells_that_start_a_formula_are_neutralized(value):
    assert safe_cell(value) == "'" + value


def test_csv_plain_cells_unchanged():
    assert safe_cell("Ottawa") == "Ottawa"
    assert safe_cell(None) == ""
    assert safe_cell(3) == "3"


def test_csv_response():
    response = csv_response("list.csv", ["name"], [["=HYPERLINK()"], ["Jo"]])
    body = response.content.decode("utf-8-sig")
    assert body.splitlines() == ["name", "'=HYPERLINK()", "Jo"]
    assert response["Content-Disposition"] == 'attachment; filename="list.csv"'
    assert "private" in response["Cache-Control"]


def test_markdown_keeps_no_class_or_id_of_its_own():
    """A bio may not dress up as a site alert nor reuse the page's ids."""
    html = render_markdown(
        '<div class="messages error" id="main">Session expired: '
        '<a class="button" id="login" href="/accounts/login/">log in again</a></div>\n\n'
        "## Heading {#main}\n\nPara {: .messages }"
    )
    assert "messages" not in html.split("Para")[0]
    assert 'id="main"' not in html and 'id="login"' not in html
    assert 'class="button"' not in html and 'class="messages' not in html
    assert "Session expired" in html  # the text stays, only the dressing goes


def test_markdown_generated_ids_are_prefixed_and_linked():
    html, toc = render_markdown("## Main\n\nText[^1].\n\n[^1]: A note.", with_toc=True)
    assert '<h3 id="sec-main">' in html
    assert 'href="#sec-main"' in toc
    assert 'id="fn:1"' in html and 'href="#fn:1"' in html
    assert 'id="fnref:1"' in html
