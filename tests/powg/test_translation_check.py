"""``manage.py check_translations`` on small planted projects (never on the real tree)."""

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from powg.management.commands.check_translations import read_allowlist, visible_text

# No query of its own, but the suite's autouse fixtures need the test database.
pytestmark = pytest.mark.django_db

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""

VIEWS = """from django.utils.translation import gettext as _


def greeting():
    return _("Hello")
"""

CLEAN_TEMPLATE = """{% load i18n %}{# a comment with words #}
<h1 title="{% translate 'Hello' %}">{% translate "Hello" %}</h1>
{% comment %}Notes for developers only.{% endcomment %}
<p>{% blocktranslate with name=user.name %}Hello {{ name }}{% endblocktranslate %}</p>
<script src="x.js">var words = "not text";</script><style>p { content: "no"; }</style>
<a href="/" class="brand-link" data-role="home">POWG</a> © 2025 · {{ user.name }}
<!-- an HTML comment -->
"""


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    """A tiny project: an app, a template folder and a French catalogue, all in order."""
    root = tmp_path / "project"
    _write(root / "fakeapp" / "__init__.py", "")
    _write(root / "fakeapp" / "views.py", VIEWS)
    _write(root / "templates" / "page.html", CLEAN_TEMPLATE)
    _write(
        root / "locale" / "fr" / "LC_MESSAGES" / "django.po",
        HEADER
        + 'msgid "Hello"\nmsgstr "Bonjour"\n\nmsgid "Hello %(name)s"\nmsgstr "Bonjour %(name)s"\n',
    )
    _write(tmp_path / "allowlist.txt", "# names\nPOWG\n©\n")
    return root


def run(root, *extra):
    stdout, stderr = StringIO(), StringIO()
    options = [
        f"--root={root}",
        f"--templates={root / 'templates'}",
        f"--allowlist={root.parent / 'allowlist.txt'}",
        *extra,
    ]
    try:
        call_command("check_translations", *options, stdout=stdout, stderr=stderr)
    except CommandError as error:
        return False, stderr.getvalue(), str(error)
    return True, stderr.getvalue(), stdout.getvalue()


def _fingerprint(root):
    return {
        path.relative_to(root): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_a_clean_project_passes(project):
    ok, problems, message = run(project)
    assert ok, problems
    assert problems == ""
    assert "Every string has its translation (fr)" in message


def test_a_planted_untranslated_string_fails_and_is_named(project):
    _write(
        project / "fakeapp" / "forms.py",
        'from django.utils.translation import gettext_lazy as _\n\nLABEL = _("Planted label")\n',
    )
    ok, problems, message = run(project)
    assert not ok
    assert "1 translation problem(s)" in message
    assert "locale/fr/LC_MESSAGES/django.po:" in problems
    assert "untranslated msgid 'Planted label' (fakeapp/forms.py:3)" in problems


def test_a_fuzzy_translation_fails(project):
    po = project / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgid "Hello"\n', '#, fuzzy\nmsgid "Hello"\n'),
        encoding="utf-8",
    )
    ok, problems, _message = run(project, "--no-makemessages", "--skip-templates")
    assert not ok
    assert "fuzzy msgid 'Hello'" in problems


def test_bare_template_text_fails_with_its_line(project):
    _write(
        project / "templates" / "bare.html",
        '{% load i18n %}<h1>{% translate "Hello" %}</h1>\n<p>Bare words here</p>\n'
        '<img src="x.png" alt="A bare picture">\n'
        '<input placeholder="{% translate \'Hello\' %}" value="not read">\n',
    )
    ok, problems, message = run(project)
    assert not ok
    assert "templates/bare.html:2: text outside a translation tag: 'Bare words here'" in problems
    assert "templates/bare.html:3: text outside a translation tag: 'A bare picture'" in problems
    assert "2 translation problem(s)" in message


def test_the_allowlist_covers_names_and_symbols(project, tmp_path):
    _write(project / "templates" / "brand.html", "<footer>Peace Ops Canada ©</footer>\n")
    assert not run(project)[0]
    _write(tmp_path / "allowlist.txt", "POWG\n©\nPeace Ops Canada\n")
    assert run(project)[0]


def test_the_check_leaves_the_tree_alone(project):
    _write(
        project / "fakeapp" / "forms.py",
        'from django.utils.translation import gettext as _\n_("New")\n',
    )
    before = _fingerprint(project)
    run(project)
    assert _fingerprint(project) == before


def test_french_filed_in_an_apps_catalogue_is_carried_over(project):
    """A template string's French sits in the app's catalogue, where makemessages obsoletes it."""
    _write(
        project / "templates" / "fakeapp" / "list.html",
        '{% load i18n %}{% translate "Members" %}\n',
    )
    _write(
        project / "fakeapp" / "locale" / "fr" / "LC_MESSAGES" / "django.po",
        HEADER + 'msgid "Members"\nmsgstr "Membres"\n',
    )
    ok, problems, _message = run(project)
    assert ok, problems


def test_in_place_updates_the_catalogues_as_make_messages_does(project):
    _write(
        project / "templates" / "fakeapp" / "list.html",
        '{% load i18n %}{% translate "Members" %}\n',
    )
    _write(
        project / "fakeapp" / "locale" / "fr" / "LC_MESSAGES" / "django.po",
        HEADER + 'msgid "Members"\nmsgstr "Membres"\n',
    )
    _write(
        project / "fakeapp" / "forms.py",
        'from django.utils.translation import gettext as _\n_("New")\n',
    )
    ok, problems, _message = run(project, "--in-place")
    assert not ok
    assert "untranslated msgid 'New'" in problems
    project_po = (project / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text()
    assert 'msgid "Members"\nmsgstr "Membres"' in project_po  # carried over from the app
    assert "#: templates/fakeapp/list.html:1" in project_po


def test_visible_text_sets_aside_tags_comments_scripts_and_translations():
    assert visible_text(CLEAN_TEMPLATE) == [(6, "POWG")]  # "© 2025 ·" has no letters


def test_both_sides_of_an_else_stay_apart():
    source = "{% if a %}<a>Version française</a>{% else %}English version{% endif %}"
    assert visible_text(source) == [(1, "Version française"), (1, "English version")]


def test_read_attributes_are_the_visible_ones():
    source = '<a href="/x" class="big" title="Open it" aria-label="Open">{{ x }}</a>'
    assert visible_text(source) == [(1, "Open it"), (1, "Open")]


def test_the_real_allowlist_reads():
    entries = read_allowlist(Path(__file__).resolve().parents[2] / "powg" / "i18n_allowlist.txt")
    assert {"Français", "English", "POWG", "©"} <= set(entries)
    assert not any(entry.startswith("#") for entry in entries)


def test_a_tag_name_chosen_by_a_condition_is_still_a_tag():
    source = '<{% if url %}a href="{{ url }}"{% else %}button{% endif %} class="b">{{ x }}</a>'
    assert visible_text(source) == []
