"""Import a report's recommendations section from a text file, as the site's preview does.

    manage.py import_recommendations FILE --document SLUG [--addressee NAME]
                                     [--dry-run] [--json]

FILE is the pasted section (``-`` reads standard input). ``--addressee`` names the
addressee of items whose heading names none (a curated name or an alias). ``--dry-run``
saves nothing; ``--json`` prints the parsed items as a JSON list (number, parent, text,
heading, addressees) and nothing else on standard output. Saving twice creates nothing
twice: recommendations are found again by their document and number.
"""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from documents import recommendations_services as services
from documents.models import Addressee, Document
from documents.recommendation_import import DEFAULT_ADDRESSEES, parse_recommendations


class Command(BaseCommand):
    help = "Parse a recommendations section and save it under a document (or preview it)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the text file (- for standard input)")
        parser.add_argument("--document", required=True, metavar="SLUG", help="its document")
        parser.add_argument(
            "--addressee", metavar="NAME", help="for items whose heading names no addressee"
        )
        parser.add_argument("--dry-run", action="store_true", help="save nothing")
        parser.add_argument("--json", action="store_true", help="print the items as JSON")

    def handle(self, *args, file, document, addressee, dry_run, json, **options):
        text = self._read(file)
        found = Document.objects.filter(slug=document).first()
        if found is None:
            raise CommandError(f"No document with the slug {document!r}.")
        addressees = Addressee.objects.for_parser() or DEFAULT_ADDRESSEES
        if addressee and not any(
            addressee.casefold() in {n.casefold() for n in [name, *aliases]}
            for name, aliases in addressees
        ):
            raise CommandError(f"Unknown addressee {addressee!r}.")
        parsed = parse_recommendations(text, addressees=addressees, default_addressee=addressee)
        # With --json, standard output carries the JSON alone: the rest goes to stderr.
        report = self.stderr if json else self.stdout
        if parsed.empty:
            raise CommandError("No recommendations found in this text.")
        self._describe(parsed, report)
        if not dry_run:
            try:
                result = services.import_recommendations(
                    document=found, items=parsed.items, default_addressee=addressee
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        if json:
            self.stdout.write(parsed.to_json())
        if dry_run:
            report.write(
                self.style.SUCCESS(
                    f"Dry run: {len(parsed.items)} recommendations parsed, nothing saved."
                )
            )
            return
        report.write(
            self.style.SUCCESS(
                f"Saved {len(result.recommendations)} recommendations to “{found}”: "
                f"{result.created} new, {result.updated} updated, {result.unchanged} unchanged; "
                f"{result.assignments_created} assignments added; "
                f"{result.suggestions} links suggested."
            )
        )

    def _read(self, file) -> str:
        if file == "-":
            return sys.stdin.read()
        try:
            with open(file, encoding="utf-8-sig") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text.") from error

    def _describe(self, parsed, report) -> None:
        """What was found, by addressee, and what needs a person's eye."""
        for name, items in parsed.by_addressee().items():
            report.write(f"{name or 'No addressee'}: {len(items)} recommendations")
        for heading in parsed.unrecognized_headings:
            report.write(
                self.style.WARNING(
                    f"Heading names no known addressee: {heading!r} (use --addressee, or map "
                    "it in the preview)."
                )
            )
        unassigned = [item.number for item in parsed.items if not item.addressees]
        if unassigned:
            report.write(self.style.WARNING(f"Kept without an addressee: {', '.join(unassigned)}."))
