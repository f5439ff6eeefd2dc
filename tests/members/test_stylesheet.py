"""The shared stylesheet is merged by hand from several branches: keep its braces balanced."""

from django.conf import settings


def test_site_css_braces_are_balanced():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    depth = 0
    for number, line in enumerate(css.splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert 0 <= depth <= 2, f"site.css line {number}: nesting depth {depth}"
    assert depth == 0, "site.css: a block is left open"


def test_members_styles_are_not_inside_another_rule():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    before = css.split("/* members: directory", 1)[0]
    assert before.count("{") == before.count("}")
