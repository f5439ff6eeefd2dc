"""Backups of the portal: the database as a ``pg_dump -Fc`` archive plus the private files.

A backup is a folder ``<root>/<UTC timestamp>/`` holding:

- ``database.dump``: ``pg_dump -Fc`` of the portal's database, taken from an exported
  snapshot, so the row counts in the manifest are exactly those of the archive;
- ``files/<name>``: every file of the storage, read through the storage API (so the
  same code backs up a folder or an S3 bucket);
- ``manifest.json``: versions, database name, row count of every table, and each
  file's name, size and SHA-256;
- ``SHA256SUMS``: ``sha256sum -c``-compatible checksums of all of the above.

It is written under ``<timestamp>.partial`` and renamed when complete, so an interrupted
backup never looks like one. A restore checks every checksum first, refuses a database
or storage that already holds something (unless forced), restores, then compares the
row counts and file checksums it finds with the manifest's.
"""

import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
from contextlib import closing
from pathlib import Path, PurePosixPath

import django
import psycopg2
from django.core.files import File
from psycopg2 import sql
from psycopg2.extensions import make_dsn

FORMAT_VERSION = 1
DUMP_NAME = "database.dump"
MANIFEST_NAME = "manifest.json"
SUMS_NAME = "SHA256SUMS"
FILES_DIR = "files"
# Files the portal writes for its own checks (the health probe), never content.
SKIPPED_PREFIXES = (".healthz/",)
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why in words."""


def _no_progress(message):
    pass


# --- the database -------------------------------------------------------------


# Django's own keys in OPTIONS; every other one is a libpq parameter (host, sslmode...).
DJANGO_ONLY_OPTIONS = {"isolation_level", "server_side_binding", "pool", "assume_role"}


def connection_params(db: dict) -> dict:
    """libpq keyword parameters from a Django DATABASES entry.

    HOST may be a socket folder, and the embedded server's URI puts it in OPTIONS.
    """
    params = {"dbname": db["NAME"]}
    for key, name in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host")):
        if db.get(key):
            params[name] = db[key]
    if db.get("PORT"):
        params["port"] = str(db["PORT"])
    for key, value in (db.get("OPTIONS") or {}).items():
        if key not in DJANGO_ONLY_OPTIONS and value not in (None, ""):
            params.setdefault(key, str(value))
    return params


def connect(db: dict, **extra):
    return psycopg2.connect(**connection_params(db), **extra)


def _conninfo(db: dict) -> tuple[str, dict]:
    """A conninfo string for pg_dump/pg_restore ``-d`` and their environment.

    The password goes in PGPASSWORD, never on a command line that ``ps`` shows.
    """
    params = connection_params(db)
    password = params.pop("password", None)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if password:
        env["PGPASSWORD"] = password
    return make_dsn(**params), env


def server_version(cursor) -> tuple[int, str]:
    cursor.execute("SHOW server_version_num")
    number = int(cursor.fetchone()[0])
    cursor.execute("SHOW server_version")
    return number // 10000, cursor.fetchone()[0]


USER_TABLES = """
    SELECT table_schema, table_name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE'
      AND table_schema NOT IN ('pg_catalog', 'information_schema')
      AND table_schema NOT LIKE 'pg\\_%%'
    ORDER BY table_schema, table_name
"""


def user_tables(cursor) -> list[tuple[str, str]]:
    cursor.execute(USER_TABLES)
    return [tuple(row) for row in cursor.fetchall()]


def table_counts(cursor) -> dict[str, int]:
    """The exact row count of every user table, as ``{"schema.table": rows}``."""
    counts = {}
    for schema, table in user_tables(cursor):
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {}.{}").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
        )
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def database_counts(db: dict) -> dict[str, int]:
    with closing(connect(db)) as conn, conn.cursor() as cursor:
        return table_counts(cursor)


# --- the PostgreSQL client programs ---------------------------------------------


def _tool_candidates(name):
    """pgserver's own binaries first (PostgreSQL 16), then the system's, newest first."""
    seen = []
    try:
        from powg.embedded_db import _quiet_import

        with _quiet_import():
            from pgserver._commands import POSTGRES_BIN_PATH

        seen.append(Path(POSTGRES_BIN_PATH) / name)
    except ImportError:
        pass
    found = shutil.which(name)
    if found:
        seen.append(Path(found))
    debian = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
        reverse=True,
    )
    seen.extend(debian)
    return [p for p in dict.fromkeys(seen) if p.is_file() and os.access(p, os.X_OK)]


def tool_version(path: Path) -> tuple[int, str]:
    """(major, full text) of a PostgreSQL client program, from ``--version``."""
    output = subprocess.run(
        [str(path), "--version"], capture_output=True, text=True, timeout=30, check=True
    ).stdout.strip()
    match = re.search(r"(\d+)(?:\.(\d+))?", output)
    if not match:
        raise BackupError(f"Could not read the version of {path}: {output!r}")
    return int(match.group(1)), output


def find_tool(name: str, at_least: int) -> tuple[Path, str]:
    """The first ``pg_dump``/``pg_restore`` whose major version is at least ``at_least``.

    pg_dump refuses a server newer than itself, and pg_restore an archive written by a
    newer pg_dump: so the version matters, not only the name.
    """
    tried = []
    for path in _tool_candidates(name):
        try:
            major, text = tool_version(path)
        except (OSError, subprocess.SubprocessError, BackupError):
            continue
        if major >= at_least:
            return path, text
        tried.append(f"{path} ({text})")
    raise BackupError(
        f"No {name} of PostgreSQL {at_least} or newer was found "
        f"(tried: {', '.join(tried) or 'none'}). Install the PostgreSQL {at_least} client "
        f"programs (Debian: postgresql-client-{at_least})."
    )


def _run(command, env, what):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed:\n{result.stderr.strip() or result.stdout.strip()}")
    return result


# --- storage ----------------------------------------------------------------------


def storage_files(storage, prefix=""):
    """Every file name in a storage, walking its folders through ``listdir``."""
    try:
        folders, files = storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        path = f"{prefix}{name}"
        if not path.startswith(SKIPPED_PREFIXES):
            yield path
    for folder in sorted(folders):
        if not f"{prefix}{folder}/".startswith(SKIPPED_PREFIXES):
            yield from storage_files(storage, f"{prefix}{folder}/")


def _copy_hashing(source, target) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_stored(storage, name) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _safe_relative(name: str) -> PurePosixPath:
    """A stored file's name as a relative path that cannot leave the backup folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Unsafe file name in the backup: {name!r}")
    return path


def _storage_label(storage) -> str:
    wrapped = getattr(storage, "_wrapped", storage)
    cls = type(wrapped)
    return f"{cls.__module__}.{cls.__qualname__}"


# --- backup -----------------------------------------------------------------------


def create_backup(root, *, db: dict, storage, progress=_no_progress) -> Path:
    """Write a complete backup folder under ``root`` and return its path."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    final = root / stamp
    suffix = 1
    while final.exists():
        final = root / f"{stamp}-{suffix}"
        suffix += 1
    work = final.with_name(final.name + ".partial")
    work.mkdir()
    try:
        manifest = _write_backup(work, db=db, storage=storage, progress=progress)
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    progress(
        f"Backup complete: {final} ({len(manifest['database']['tables'])} tables, "
        f"{len(manifest['storage']['files'])} files)"
    )
    return final


def _write_backup(work: Path, *, db, storage, progress) -> dict:
    with closing(connect(db)) as conn:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            major, version = server_version(cursor)
            pg_dump, pg_dump_version = find_tool("pg_dump", major)
            progress(f"Database {db['NAME']!r} on PostgreSQL {version}, with {pg_dump_version}")
            # One snapshot for the counts and the dump: they describe the same data.
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(cursor)
            progress(f"Counted {sum(counts.values())} rows in {len(counts)} tables")
            dump = work / DUMP_NAME
            conninfo, env = _conninfo(db)
            command = [str(pg_dump), "-Fc", "--no-password", f"--snapshot={snapshot}"]
            _run([*command, "-f", str(dump), "-d", conninfo], env, "pg_dump")
        conn.rollback()
    dump_size = dump.stat().st_size
    progress(f"Dumped the database: {dump_size} bytes")

    names = list(storage_files(storage))
    files = []
    for number, name in enumerate(names, 1):
        relative = _safe_relative(name)
        target = work / FILES_DIR / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(target, "wb") as out:
            size, digest = _copy_hashing(source, out)
        files.append({"name": name, "size": size, "sha256": digest})
        if number == len(names) or number % 25 == 0:
            progress(f"Copied files: {number}/{len(names)}")

    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "versions": {
            "postgresql_server": version,
            "pg_dump": pg_dump_version,
            "django": django.get_version(),
            "python": platform.python_version(),
        },
        "database": {
            "name": db["NAME"],
            "dump": DUMP_NAME,
            "size": dump_size,
            "sha256": sha256_file(dump),
            "tables": counts,
        },
        "storage": {"backend": _storage_label(storage), "files": files},
    }
    (work / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    sums = [(DUMP_NAME, manifest["database"]["sha256"]), (MANIFEST_NAME, None)]
    sums += [(f"{FILES_DIR}/{f['name']}", f["sha256"]) for f in files]
    lines = [f"{digest or sha256_file(work / path)}  {path}\n" for path, digest in sums]
    (work / SUMS_NAME).write_text("".join(lines))
    return manifest


# --- restore ----------------------------------------------------------------------


def verify_backup(folder, progress=_no_progress) -> dict:
    """Check every checksum of a backup folder; return its manifest or raise BackupError."""
    folder = Path(folder)
    sums_path = folder / SUMS_NAME
    if not sums_path.is_file() or not (folder / MANIFEST_NAME).is_file():
        raise BackupError(
            f"{folder} is not a complete backup (no {SUMS_NAME} or {MANIFEST_NAME} in it)."
        )
    expected = {}
    for line in sums_path.read_text().splitlines():
        digest, _, path = line.partition("  ")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not path:
            raise BackupError(f"{sums_path} is damaged (line {line!r}).")
        expected[path] = digest
    problems = []
    for number, (path, digest) in enumerate(expected.items(), 1):
        target = folder / _safe_relative(path)
        if not target.is_file():
            problems.append(f"missing: {path}")
        elif sha256_file(target) != digest:
            problems.append(f"checksum differs: {path}")
        if number % 50 == 0:
            progress(f"Checked {number}/{len(expected)} checksums")
    if MANIFEST_NAME not in expected or DUMP_NAME not in expected:
        problems.append(f"{SUMS_NAME} does not cover the manifest and the database dump")
    if problems:
        raise BackupError("The backup is damaged and was not restored:\n  " + "\n  ".join(problems))
    manifest = json.loads((folder / MANIFEST_NAME).read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    listed = {f"{FILES_DIR}/{f['name']}": f["sha256"] for f in manifest["storage"]["files"]}
    listed[DUMP_NAME] = manifest["database"]["sha256"]
    unlisted = [path for path, digest in listed.items() if expected.get(path) != digest]
    if unlisted:
        raise BackupError(
            "The manifest and the checksums disagree about: " + ", ".join(sorted(unlisted))
        )
    progress(f"All {len(expected)} checksums match")
    return manifest


def restore_backup(
    folder, *, db: dict, storage, force=False, dry_run=False, progress=_no_progress
) -> dict:
    """Restore a backup into ``db`` and ``storage``; return what was checked afterwards.

    Refuses, before changing anything, a damaged backup and (unless ``force``) a
    database that has tables or a storage that has files. ``dry_run`` stops after
    those checks, having changed nothing.
    """
    folder = Path(folder)
    manifest = verify_backup(folder, progress)

    with closing(connect(db)) as conn, conn.cursor() as cursor:
        existing_tables = user_tables(cursor)
    existing_files = list(storage_files(storage))
    if (existing_tables or existing_files) and not force:
        held = []
        if existing_tables:
            held.append(f"database {db['NAME']!r} has {len(existing_tables)} tables")
        if existing_files:
            count = len(existing_files)
            held.append(f"the storage has {count} file{'s' if count != 1 else ''}")
        raise BackupError(
            "Refusing to restore over existing data: "
            + " and ".join(held)
            + ". Restore into an empty database and storage, or pass --force to replace "
            "what they hold with the backup."
        )

    archive_major = int(re.search(r"(\d+)", manifest["versions"]["pg_dump"]).group(1))
    pg_restore, restore_version = find_tool("pg_restore", archive_major)
    expected = manifest["database"]["tables"]
    report = {
        "tables": len(expected),
        "rows": sum(expected.values()),
        "files": len(manifest["storage"]["files"]),
    }
    if dry_run:
        progress(f"Dry run: would restore into {db['NAME']!r} with {restore_version}")
        return report
    progress(f"Restoring the database into {db['NAME']!r} with {restore_version}")
    command = [str(pg_restore), "--no-password", "--no-owner", "--no-privileges"]
    conninfo, env = _conninfo(db)
    command += ["--exit-on-error", "--single-transaction", "-d", conninfo]
    if existing_tables:
        command += ["--clean", "--if-exists"]
    _run([*command, str(folder / DUMP_NAME)], env, "pg_restore")

    files = manifest["storage"]["files"]
    for number, entry in enumerate(files, 1):
        name = entry["name"]
        if storage.exists(name):
            storage.delete(name)  # only reached with force: an empty storage has none
        with open(folder / FILES_DIR / _safe_relative(name), "rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"The storage saved {name!r} as {saved!r}.")
        if number == len(files) or number % 25 == 0:
            progress(f"Restored files: {number}/{len(files)}")

    return check_restored(manifest, db=db, storage=storage, progress=progress)


def check_restored(manifest, *, db, storage, progress=_no_progress) -> dict:
    """Compare a restored database and storage with the manifest; raise on any difference."""
    counts = database_counts(db)
    expected = manifest["database"]["tables"]
    problems = [
        f"table {table}: {counts.get(table, 'missing')} rows, the backup had {rows}"
        for table, rows in expected.items()
        if counts.get(table) != rows
    ]
    for entry in manifest["storage"]["files"]:
        if not storage.exists(entry["name"]):
            problems.append(f"file {entry['name']}: missing")
        elif sha256_stored(storage, entry["name"]) != entry["sha256"]:
            problems.append(f"file {entry['name']}: checksum differs")
    if problems:
        raise BackupError("The restore does not match the backup:\n  " + "\n  ".join(problems))
    report = {
        "tables": len(expected),
        "rows": sum(expected.values()),
        "files": len(manifest["storage"]["files"]),
    }
    progress(
        f"Verified: {report['tables']} tables with {report['rows']} rows and "
        f"{report['files']} files match the backup"
    )
    return report
