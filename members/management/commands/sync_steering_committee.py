"""Keep the role groups in line with the records, by hand.

"Steering Committee" follows the terms, "Members" follows the profiles' status. The
services that save a term or a profile (``save_term``, ``save_member``...) sync its person
at once; the daily sync catches what no service announces: a term that ends (or starts)
on a given date, bulk changes, and groups edited by hand. A background worker runs it
every day as a periodic job (``members.tasks.sync_steering_committee``, shortly after
midnight in Toronto); this command runs the same service now, and shows what it changes.
"""

from django.core.management.base import BaseCommand

from members.services import sync_role_groups
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
        changes = sync_role_groups(dry_run=dry_run)
        for group, added, removed in (
            (STEERING_GROUP, changes.steering_added, changes.steering_removed),
            (MEMBERS_GROUP, changes.members_added, changes.members_removed),
        ):
            for user in added:
                self.stdout.write(f"  + {user.email} ({group})")
            for user in removed:
                self.stdout.write(f"  - {user.email} ({group})")
        add, remove = ("Would add", "would remove") if dry_run else ("Added", "removed")
        self.stdout.write(
            self.style.SUCCESS(
                f"{add} {len(changes.steering_added)} and {remove} "
                f"{len(changes.steering_removed)} steering-committee member(s)."
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{add} {len(changes.members_added)} active and {remove} "
                f"{len(changes.members_removed)} lapsed member(s) in the Members group."
            )
        )
        for user in changes.lapsed:
            self.stdout.write(
                self.style.WARNING(
                    f"{user.email}: membership lapsed, but a current steering-committee term "
                    "keeps the committee's rights until it ends."
                )
            )
