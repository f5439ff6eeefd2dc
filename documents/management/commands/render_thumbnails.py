"""Queue the cover thumbnail of every stored PDF that has none (``--all``: of every PDF).

New files get theirs when they are stored (``documents.services.extract_file_text``);
this brings covers to a library filled before, or redoes them all. The jobs run in the
worker (``manage.py procrastinate worker``).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from documents.models import Document
from powg import jobs


class Command(BaseCommand):
    help = "Queue cover thumbnail jobs for PDFs without a cover (--all: for every PDF)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="redo the covers already made")
        parser.add_argument("--dry-run", action="store_true", help="only count them")

    def handle(self, *args, all, dry_run, **options):
        pdfs = Document.objects.filter(file_type="pdf").exclude(file="")
        if not all:
            pdfs = pdfs.filter(thumbnail="")
        ids = list(pdfs.order_by("pk").values_list("pk", flat=True))
        if not dry_run:
            with transaction.atomic():
                for pk in ids:
                    jobs.defer("documents.tasks.render_thumbnail", document_id=pk)
        verb = "Would queue" if dry_run else "Queued"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(ids)} cover thumbnail job(s)."))
