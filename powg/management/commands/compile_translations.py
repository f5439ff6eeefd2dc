"""Compile the .po translation catalogues under locale/ to .mo files.

Django's compilemessages needs GNU gettext's msgfmt, which a new machine may not have;
Babel does the same in pure Python. A catalogue is compiled only when its .po is newer.
"""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (pure Python, no gettext needed)."

    def handle(self, *args, **options):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                with po_path.open("rb") as po_file:
                    catalog = read_po(po_file, locale=po_path.parent.parent.name)
                with mo_path.open("wb") as mo_file:
                    write_mo(mo_file, catalog)
                compiled += 1
        self.stdout.write(self.style.SUCCESS(f"{compiled} translation catalogue(s) compiled."))
