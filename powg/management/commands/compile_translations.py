"""Compile the .po translation catalogues under locale/ to .mo files.

Django's compilemessages needs GNU gettext's msgfmt, which a new machine may not have;
Babel does the same in pure Python. A catalogue is compiled only when its .po is newer.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def locale_dirs():
    """LOCALE_PATHS and the project's own apps' locale/ folders (not installed packages)."""
    base = Path(settings.BASE_DIR).resolve()
    found = [Path(p).resolve() for p in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        path = Path(config.path).resolve() / "locale"
        if path.is_relative_to(base) and path.is_dir() and path not in found:
            found.append(path)
    return found


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (pure Python, no gettext needed)."

    def handle(self, *args, **options):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        compiled = 0
        for locale_dir in locale_dirs():
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
