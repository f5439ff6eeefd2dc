"""Restore a backup made by ``manage.py backup`` into an empty database and storage.

Checks every checksum first and changes nothing if one differs. Refuses a database with
tables or a storage with files unless ``--force`` (which replaces them). Then restores
the database with ``pg_restore``, the files through the storage API, and compares the
row count of every table and the checksum of every file with the backup's manifest.
By default the target is the portal's own database and storage; ``--database-url`` and
``--media-root`` name others (restoring beside the live portal, or in a test).
"""

import dj_database_url
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from powg.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and storage (--force to replace)."
    # A backup or a restore must work even while the code around it is broken.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup folder, e.g. var/backups/20260101T020000Z")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even if the database has tables or the storage has files "
            "(their contents are replaced by the backup's).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the backup's checksums and the target, then stop: change nothing.",
        )
        parser.add_argument("--database-url", help="Restore into this database instead.")
        parser.add_argument("--media-root", help="Restore the files into this folder instead.")

    def handle(
        self, *args, path, force, dry_run=False, database_url=None, media_root=None, **options
    ):
        def progress(message):
            if options["verbosity"] >= 1:
                self.stdout.write(f"  {message}")

        db = dj_database_url.parse(database_url) if database_url else connection.settings_dict
        storage = FileSystemStorage(location=media_root) if media_root else default_storage
        if not database_url:
            connection.close()  # pg_restore --clean must not wait on our own connection
        try:
            report = restore_backup(
                path, db=db, storage=storage, force=force, dry_run=dry_run, progress=progress
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    f"The backup is intact and the target can take it: {report['tables']} "
                    f"tables ({report['rows']} rows) and {report['files']} files. "
                    "Nothing was changed (dry run)."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {report['tables']} tables ({report['rows']} rows) and "
                f"{report['files']} files from {path}; every count and checksum matches."
            )
        )
