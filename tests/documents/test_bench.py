"""The benchmark fills and times a throwaway database side by side with each page's SQL."""

import io
import random
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from powg.bench import library

pytestmark = pytest.mark.django_db(transaction=True)

LIBRARY_LABELS = [
    "list",
    "list, page 5",
    "faceted list (2 filters)",
    "search, common word",
    "search, rare phrase",
    "search + filter",
    "theme page",
]
OTHER_LABELS = ["reading page", "home page", "events list", "event page", "directory", "roster"]


def _row(text, label):
    """The cells of the table row for this page label."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 8 and cells[1] == label:
            return cells
    raise AssertionError(f"no row for {label!r} in:\n{text}")


def test_bench_side_by_side_small_run():
    original = connection.settings_dict["NAME"]
    out = io.StringIO()
    call_command(
        "bench_library",
        documents=120,
        words=60,
        events=40,
        members=30,
        runs=3,
        database="powg_bench_pytest",
        stdout=out,
    )
    text = out.getvalue()
    assert "Filled 120 documents" in text
    assert "Filled 40 events" in text and "Filled 30 members" in text
    for label in LIBRARY_LABELS:  # page ms, its limit ms, the ratio of the two
        _, _, page_ms, limit_ms, ratio, cold_ms, _, queries = _row(text, label)
        assert float(page_ms) > 0 and float(limit_ms) > 0 and float(cold_ms) > 0
        assert float(ratio) == pytest.approx(float(page_ms) / float(limit_ms), rel=0.1, abs=0.06)
        assert int(queries) > 0
    for label in OTHER_LABELS:  # compared with the About page, requested right after
        cells = _row(text, label)
        about_ms = float(cells[3].removeprefix("(About ").removesuffix(")"))
        assert float(cells[4]) == pytest.approx(float(cells[2]) / about_ms, rel=0.1, abs=0.06)
    assert "Dropped the benchmark database powg_bench_pytest." in text
    assert connection.settings_dict["NAME"] == original
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'powg_bench_pytest'")
        assert cursor.fetchone() is None


def _shown(html):
    slugs = re.findall(r'<h3 class="card-title"><a href="/library/([\w-]+)/"', html)
    total = re.search(r"([\d,]+) documents?", html).group(1)
    return slugs, int(total.replace(",", ""))


def test_limit_sql_asks_for_the_rows_the_pages_show():
    """The limit is the same work as the page: its 20 ids in order and the same total."""
    library.fill(260, 40, lambda message: None, rng=random.Random(7))
    from documents.models import Document

    slugs = dict(Document.objects.values_list("pk", "slug"))
    client = Client()
    checked = 0
    for page in library.pages():
        if page.limit is None or "search" in page.label:
            continue
        ids, count = page.limit()
        html = client.get(page.url).content.decode()
        shown, total = _shown(html)
        assert ids and shown == [slugs[pk] for pk in ids], page.label
        assert total == count, page.label
        checked += 1
    assert checked == 4


def test_bench_refuses_the_working_database():
    with pytest.raises(CommandError):
        call_command("bench_library", database=connection.settings_dict["NAME"])
