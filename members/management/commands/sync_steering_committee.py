"""Keep the "Steering Committee" group in line with the terms, once a day.

Saving or deleting a term syncs its member at once; this command catches what no save
announces: a term that ends (or starts) on a given date, and bulk changes. Run it daily
(e.g. from cron) shortly after midnight, America/Toronto.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from members.services import sync_all_steering_groups


class Command(BaseCommand):
    help = "Add current steering-committee term holders to the group; remove everyone else."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the changes, then roll them back."
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            added, removed = sync_all_steering_groups()
            for user in added:
                self.stdout.write(f"  + {user.email}")
            for user in removed:
                self.stdout.write(f"  - {user.email}")
            if dry_run:
                transaction.set_rollback(True)
        verb = "Would add" if dry_run else "Added"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(added)} and {'would remove' if dry_run else 'removed'} "
                f"{len(removed)} steering-committee member(s)."
            )
        )
