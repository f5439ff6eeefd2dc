"""Queue text recognition (OCR) again for scanned PDFs whose text is not recognised yet.

New scans are queued when they are stored (``documents.services.extract_file_text``).
This queues those still waiting, those that failed and those that found no Tesseract
(after installing it); ``--all`` also redoes the scans already recognised, and slugs
name the documents to redo whatever their state. The jobs run in the worker
(``manage.py procrastinate worker``).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from documents.models import Document, OcrState
from powg import jobs

AGAIN = (OcrState.QUEUED, OcrState.UNAVAILABLE, OcrState.FAILED)


class Command(BaseCommand):
    help = "Queue text recognition of scanned PDFs not recognised yet (--all: every scan)."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="only these documents, whatever their state")
        parser.add_argument("--all", action="store_true", help="also redo recognised scans")
        parser.add_argument("--dry-run", action="store_true", help="only count them")

    def handle(self, *args, slugs, all, dry_run, **options):
        pdfs = Document.objects.filter(file_type="pdf").exclude(file="")
        if slugs:
            pdfs = pdfs.filter(slug__in=slugs)
            missing = set(slugs) - set(pdfs.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No PDF document with slug: {', '.join(sorted(missing))}")
        elif all:
            pdfs = pdfs.exclude(ocr_state=OcrState.NOT_NEEDED)
        else:
            pdfs = pdfs.filter(ocr_state__in=AGAIN)
        ids = list(pdfs.order_by("pk").values_list("pk", flat=True))
        if not dry_run:
            with transaction.atomic():
                Document.objects.filter(pk__in=ids).update(ocr_state=OcrState.QUEUED)
                for pk in ids:
                    jobs.defer("documents.tasks.recognise_text", document_id=pk)
        verb = "Would queue" if dry_run else "Queued"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(ids)} text recognition job(s)."))
