"""Load the demo content: one account per role, then each app's demo data.

Idempotent (a second run changes nothing and duplicates nothing). Refuses to run with
DEBUG=0, so a production database never holds the demo accounts' known passwords.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app's demo module has load(log) -> None; order matters (people, library, events).
DEMO_MODULES = ["members.demo", "documents.demo", "events.demo"]


class Command(BaseCommand):
    help = "Load the demo content (development only; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be loaded, then roll back."
        )

    def handle(self, *args, dry_run=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo refuses to run with DEBUG=0: demo accounts have known passwords "
                "and must never reach a production database."
            )

        def log(message):
            if options.get("verbosity", 1) >= 2:
                self.stdout.write(f"  {message}")

        with transaction.atomic():
            for name in DEMO_MODULES:
                import_module(name).load(log)
            if dry_run:
                transaction.set_rollback(True)

        from members.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

        verb = "Would load" if dry_run else "Demo content is loaded"
        self.stdout.write(
            self.style.SUCCESS(f"{verb}. Demo accounts (password {DEMO_PASSWORD!r}):")
        )
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account['role']:<20} {account['email']}")
        self._print_totp()

    def _print_totp(self):
        """The steering and admin accounts ask for an authenticator code after the password."""
        import time

        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        from members.demo import DEMO_TOTP_SECRET

        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
        self.stdout.write(
            "The steering committee and admin accounts then ask for an authenticator code.\n"
            f"  Add the secret {DEMO_TOTP_SECRET} to an authenticator app (time-based, 6 digits,\n"
            f"  30 s; or open otpauth://totp/PO%20Working%20Group?secret={DEMO_TOTP_SECRET}),\n"
            f"  or type the code of now, {code}, within a minute."
        )
