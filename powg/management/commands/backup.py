"""Back up the portal: its database (``pg_dump -Fc``) and its private files, with checksums.

Writes ``var/backups/<UTC timestamp>/`` (or ``--output-dir``); see ``powg.backups`` for
what the folder holds. Works on the embedded server and on any ``DATABASE_URL``.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from powg.backups import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and the private file storage to var/backups/<timestamp>/."
    # A backup or a restore must work even while the code around it is broken.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.VAR_DIR / "backups"),
            help="Folder under which the backup's own folder is made (default: var/backups).",
        )

    def handle(self, *args, output_dir, **options):
        def progress(message):
            if options["verbosity"] >= 1:
                self.stdout.write(f"  {message}")

        try:
            folder = create_backup(
                output_dir, db=connection.settings_dict, storage=default_storage, progress=progress
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
        return None
