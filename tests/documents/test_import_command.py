"""manage.py import_recommendations: a JSON preview that writes nothing, an idempotent save."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from documents.models import Assignment, Recommendation
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

TEXT = """The roundtable's closing session.

RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):

1. Give every mission a mandate matched by its resources.
2. Consult the troop-contributing countries:
 - a. before a mandate is drafted;
 - b. before it is renewed.

RECOMMENDATIONS ON TRAINING:

1. Fund the training centres.
"""


@pytest.fixture
def section(tmp_path):
    path = tmp_path / "section.txt"
    path.write_text(TEXT, encoding="utf-8")
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_recommendations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_json_prints_the_items_and_writes_nothing(section):
    document = DocumentFactory(slug="roundtable-2007")
    out, err = run(section, "--document", document.slug, "--dry-run", "--json")
    items = json.loads(out)
    assert [i["number"] for i in items] == ["1", "2", "2.a", "2.b", "1"]
    assert items[2] == {
        "number": "2.a",
        "parent": "2",
        "text": "before a mandate is drafted;",
        "heading": "RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):",
        "addressees": ["UN Security Council"],
    }
    assert items[0]["parent"] is None
    assert items[4]["addressees"] == []  # a heading naming no addressee: kept, flagged
    assert "names no known addressee" in err and "nothing saved" in err
    assert not Recommendation.objects.exists()


def test_the_default_addressee_takes_unnamed_headings(section):
    document = DocumentFactory()
    out, _ = run(section, "--document", document.slug, "--addressee", "GAC", "--dry-run",
                 "--json")  # fmt: skip
    assert json.loads(out)[4]["addressees"] == ["Government of Canada"]
    assert not Recommendation.objects.exists()


def test_an_import_saves_with_a_summary_and_twice_creates_nothing_twice(section):
    document = DocumentFactory()
    out, _ = run(section, "--document", document.slug, "--addressee", "NGOs")
    assert "UN Security Council: 4 recommendations" in out
    assert "Saved 5 recommendations" in out and "5 new" in out
    assert Recommendation.objects.filter(document=document).count() == 5
    assert Assignment.objects.filter(addressee__slug="ngos-civil-society").count() == 1
    out, _ = run(section, "--document", document.slug, "--addressee", "NGOs")
    assert "0 new, 0 updated, 5 unchanged; 0 assignments added" in out
    assert Recommendation.objects.count() == 5 and Assignment.objects.count() == 5


def test_json_without_dry_run_saves_and_prints_only_json(section):
    document = DocumentFactory()
    out, err = run(section, "--document", document.slug, "--json")
    assert len(json.loads(out)) == 5
    assert "Saved 5 recommendations" in err
    assert Recommendation.objects.count() == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--document", "no-such-document"], "No document"),
        (["--document", "{slug}", "--addressee", "Mars"], "Unknown addressee"),
    ],
)
def test_mistakes_are_reported(section, args, message):
    document = DocumentFactory()
    args = [a.format(slug=document.slug) for a in args]
    with pytest.raises(CommandError, match=message):
        run(section, *args)
    assert not Recommendation.objects.exists()


def test_a_text_without_recommendations_or_a_missing_file_is_an_error(tmp_path):
    document = DocumentFactory()
    empty = tmp_path / "empty.txt"
    empty.write_text("Only prose here, no list.\n")
    with pytest.raises(CommandError, match="No recommendations"):
        run(str(empty), "--document", document.slug)
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(Path(tmp_path) / "missing.txt"), "--document", document.slug)
