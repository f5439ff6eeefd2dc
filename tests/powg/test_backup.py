"""make backup / make restore: the demo portal backed up and restored into a fresh
database and storage, compared table by table and file by file; damaged backups and
non-empty targets refused.

Runs on whichever server the suite uses (the embedded one or DATABASE_URL): the fresh
database is created beside the test database on the same server.
"""

import hashlib
import shutil
from contextlib import closing
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg2
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from powg.backups import MANIFEST_NAME, connection_params


def _url_for(name):
    """The site's DATABASE_URL pointed at another database of the same server."""
    parts = urlsplit(settings.DATABASE_URL)
    return urlunsplit(parts._replace(path="/" + quote(name)))


def _admin_connection():
    params = connection_params(connection.settings_dict)
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return closing(conn)


def _drop(name):
    with _admin_connection() as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def fresh_database():
    """An empty database on the test server: (name, url); dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"[:63]
    _drop(name)
    with _admin_connection() as conn, conn.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name, _url_for(name)
    _drop(name)


def _counts(url_or_none):
    """Every public table's row count, read with plain SQL (not the code under test)."""
    if url_or_none is None:
        conn = psycopg2.connect(**connection_params(connection.settings_dict))
    else:
        conn = psycopg2.connect(url_or_none)
    with closing(conn), conn.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        counts = {}
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM public."{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _checksums(folder):
    folder = Path(folder)
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _backup(tmp_path):
    call_command("backup", output_dir=str(tmp_path / "backups"), verbosity=0)
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


@pytest.mark.django_db(transaction=True)
def test_demo_portal_round_trip(settings, tmp_path, fresh_database, capsys):
    settings.DEBUG = True  # load_demo refuses to run otherwise
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)
    source_counts = _counts(None)
    source_files = _checksums(settings.MEDIA_ROOT)
    assert source_counts["documents_document"] > 0 and source_counts["members_user"] > 0
    assert len(source_files) >= 1, "the demo should hold document files"

    call_command("backup", output_dir=str(tmp_path / "backups"))
    output = capsys.readouterr().out
    assert "Dumped the database" in output and "Backup written to" in output
    (folder,) = (tmp_path / "backups").iterdir()
    assert not folder.name.endswith(".partial")
    assert {p.name for p in folder.iterdir()} == {
        "database.dump",
        "files",
        "manifest.json",
        "SHA256SUMS",
    }

    name, url = fresh_database
    restored_media = tmp_path / "restored-media"
    call_command(
        "restore", str(folder), database_url=url, media_root=str(restored_media), dry_run=True
    )
    assert "Nothing was changed (dry run)" in capsys.readouterr().out
    assert _counts(url) == {} and not restored_media.exists()
    call_command("restore", str(folder), database_url=url, media_root=str(restored_media))
    output = capsys.readouterr().out
    assert "every count and checksum matches" in output

    assert _counts(url) == source_counts
    assert _checksums(restored_media) == source_files

    # The restored database and storage are no longer empty: refused without --force.
    with pytest.raises(CommandError, match="Refusing to restore over existing data"):
        call_command("restore", str(folder), database_url=url, media_root=str(restored_media))
    # With --force the backup replaces what they hold, and matches again.
    with closing(psycopg2.connect(url)) as conn, conn.cursor() as cursor:
        cursor.execute("DELETE FROM documents_follow")
        cursor.execute("UPDATE django_site SET name = 'changed'")
        conn.commit()
    (restored_media / "stray.txt").write_text("not in the backup")
    call_command(
        "restore", str(folder), database_url=url, media_root=str(restored_media), force=True
    )
    assert _counts(url) == source_counts
    restored = _checksums(restored_media)
    assert {k: v for k, v in restored.items() if k != "stray.txt"} == source_files


@pytest.mark.django_db
@pytest.mark.parametrize("damaged", ["database.dump", "file", MANIFEST_NAME])
def test_damaged_backup_is_refused_before_anything_changes(
    settings, tmp_path, fresh_database, damaged
):
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("documents/2025/paper.pdf", ContentFile(b"%PDF-1.4 a paper " * 50))
    folder = _backup(tmp_path)
    if damaged == "file":
        target = folder / "files" / "documents" / "2025" / "paper.pdf"
    else:
        target = folder / damaged
    content = bytearray(target.read_bytes())
    content[len(content) // 2] ^= 0x01  # one changed bit
    target.write_bytes(bytes(content))

    name, url = fresh_database
    restored_media = tmp_path / "restored-media"
    with pytest.raises(CommandError, match="The backup is damaged") as error:
        call_command("restore", str(folder), database_url=url, media_root=str(restored_media))
    assert "checksum differs" in str(error.value)
    assert _counts(url) == {}
    assert not restored_media.exists() or not any(restored_media.rglob("*"))


@pytest.mark.django_db
def test_non_empty_target_is_refused_without_force(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = _backup(tmp_path)
    # The test database itself has every table: refused, and nothing is touched.
    before = _counts(None)
    with pytest.raises(CommandError) as error:
        call_command("restore", str(folder), media_root=str(tmp_path / "other"))
    message = str(error.value)
    assert "Refusing to restore over existing data" in message and "--force" in message
    assert _counts(None) == before
    # An empty database but a storage with files: refused too.
    other = tmp_path / "other-media"
    other.mkdir()
    (other / "existing.pdf").write_bytes(b"%PDF-1.4 existing")
    with pytest.raises(CommandError, match="the storage has 1 file"):
        call_command("restore", str(folder), media_root=str(other))


def test_incomplete_folder_is_not_a_backup(tmp_path):
    partial = tmp_path / "20260101T000000Z.partial"
    partial.mkdir()
    (partial / "database.dump").write_bytes(b"PGDMP")
    with pytest.raises(CommandError, match="not a complete backup"):
        call_command("restore", str(partial))


@pytest.mark.django_db
def test_copied_backup_verifies_and_pg_tools_are_new_enough(tmp_path, settings):
    """A backup copied elsewhere still verifies; the pg_dump chosen matches the server."""
    from powg.backups import find_tool, server_version, verify_backup

    settings.MEDIA_ROOT = tmp_path / "media"
    folder = _backup(tmp_path)
    with connection.cursor() as cursor:
        major, _ = server_version(cursor.cursor)
    copy = tmp_path / "elsewhere" / folder.name
    shutil.copytree(folder, copy)
    manifest = verify_backup(copy)
    assert manifest["database"]["name"] == connection.settings_dict["NAME"]
    assert f"{major}." in manifest["versions"]["postgresql_server"]
    path, version = find_tool("pg_dump", major)
    assert int(version.split()[-1].split(".")[0]) >= major


@pytest.mark.django_db
def test_files_go_through_the_storage_api(tmp_path, fresh_database):
    """No path on disk is assumed: an in-memory storage backs up and restores the same way
    (as an S3 bucket would, through django-storages)."""
    import dj_database_url
    from django.core.files.storage import InMemoryStorage

    from powg.backups import create_backup, restore_backup

    source = InMemoryStorage()
    contents = {
        "documents/2025/a.pdf": b"%PDF-1.4 first",
        "documents/2026/b.docx": b"PK\x03\x04 second",
        "organizations/logos/c.png": b"\x89PNG third",
    }
    for name, content in contents.items():
        source.save(name, ContentFile(content))
    folder = create_backup(tmp_path / "backups", db=connection.settings_dict, storage=source)

    target = InMemoryStorage()
    _, url = fresh_database
    report = restore_backup(folder, db=dj_database_url.parse(url), storage=target)
    assert report["files"] == 3
    for name, content in contents.items():
        with target.open(name, "rb") as handle:
            assert handle.read() == content
