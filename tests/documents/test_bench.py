"""The benchmark command fills and times a throwaway database, then drops it."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def test_bench_library_small_run():
    original = connection.settings_dict["NAME"]
    out = io.StringIO()
    call_command(
        "bench_library",
        documents=30,
        words=60,
        runs=3,
        database="powg_bench_pytest",
        stdout=out,
    )
    text = out.getvalue()
    assert "Filled 30 documents" in text
    for label in ("list", "faceted list (2 filters)", "search, common word", "reading page"):
        assert label in text
    assert "Dropped the benchmark database powg_bench_pytest." in text
    assert connection.settings_dict["NAME"] == original
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'powg_bench_pytest'")
        assert cursor.fetchone() is None


def test_bench_refuses_the_working_database():
    with pytest.raises(CommandError):
        call_command("bench_library", database=connection.settings_dict["NAME"])
