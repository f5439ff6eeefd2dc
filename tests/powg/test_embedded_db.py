"""The embedded database survives an interrupted run that left pgserver's process list broken."""

import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

from powg.embedded_db import (
    HANDLE_LIST,
    embedded_database_url,
    repair_handle_list,
    stop_embedded_database,
)


@pytest.fixture
def pgdata(tmp_path):
    path = tmp_path / "pgdata"
    yield path
    stop_embedded_database(path)


def query(uri, sql):
    with psycopg2.connect(uri) as connection, connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall() if cursor.description else None


@pytest.mark.parametrize("broken", ["", "[12, 3", "{}", "null", '["x"]'])
def test_start_after_a_broken_process_list_keeps_the_data(pgdata, broken):
    uri = embedded_database_url(pgdata)
    query(uri, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')")

    assert stop_embedded_database(pgdata)  # as if the machine or the run was stopped
    (pgdata / HANDLE_LIST).write_text(broken)

    uri = embedded_database_url(pgdata)
    assert query(uri, "SELECT note FROM kept") == [("still here",)]
    assert (pgdata / HANDLE_LIST).read_text() == "[]"


def test_running_server_is_reused_even_with_a_broken_list(pgdata):
    first = embedded_database_url(pgdata)
    (pgdata / HANDLE_LIST).write_text("")
    assert embedded_database_url(pgdata) == first


def test_no_process_stays_registered(pgdata, tmp_path):
    """A process that started the server leaves the list empty, so its exit rewrites nothing."""
    code = f"from powg.embedded_db import embedded_database_url as e; print(e({str(pgdata)!r}))"
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, capture_output=True)
    assert (pgdata / HANDLE_LIST).read_text() == "[]"


def test_repair_leaves_a_good_list_alone(tmp_path):
    (tmp_path / HANDLE_LIST).write_text("[1, 2]")
    assert repair_handle_list(tmp_path) is False
    assert (tmp_path / HANDLE_LIST).read_text() == "[1, 2]"
    assert repair_handle_list(tmp_path / "missing") is False
