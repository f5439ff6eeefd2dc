"""Keep the role groups in line with the records, once a day.

"Steering Committee" follows the terms, "Members" follows the profiles' status. The
services that save a term or a profile (``save_term``, ``save_member``...) sync its person
at once; this command catches what no service announces:
a term that ends (or starts) on a given date, bulk changes, and groups edited by hand.
Run it daily (e.g. from cron) shortly after midnight, America/Toronto.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from members.services import (
    lapsed_on_the_committee,
    sync_all_member_groups,
    sync_all_steering_groups,
)
from powg.roles import MEMBERS_GROUP, STEERING_GROUP


class Command(BaseCommand):
    help = (
        "Add current steering-committee term holders to their group and remove everyone "
        "else; keep active members in the Members group and take lapsed ones out."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the changes, then roll them back."
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            steering_added, steering_removed = sync_all_steering_groups()
            members_added, members_removed = sync_all_member_groups()
            lapsed = lapsed_on_the_committee()
            for group, added, removed in (
                (STEERING_GROUP, steering_added, steering_removed),
                (MEMBERS_GROUP, members_added, members_removed),
            ):
                for user in added:
                    self.stdout.write(f"  + {user.email} ({group})")
                for user in removed:
                    self.stdout.write(f"  - {user.email} ({group})")
            if dry_run:
                transaction.set_rollback(True)
        add, remove = ("Would add", "would remove") if dry_run else ("Added", "removed")
        self.stdout.write(
            self.style.SUCCESS(
                f"{add} {len(steering_added)} and {remove} {len(steering_removed)} "
                "steering-committee member(s)."
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{add} {len(members_added)} active and {remove} {len(members_removed)} "
                "lapsed member(s) in the Members group."
            )
        )
        for user in lapsed:
            self.stdout.write(
                self.style.WARNING(
                    f"{user.email}: membership lapsed, but a current steering-committee term "
                    "keeps the committee's rights until it ends."
                )
            )
