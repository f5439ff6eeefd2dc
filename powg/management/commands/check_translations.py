"""Fail when something a reader sees has no French: the CI check of ``make check``.

Two checks, each naming what it finds:

1. the catalogues: on a temporary copy of the project (the tree itself is left alone),
   ``makemessages -l fr`` extracts every marked string, each string's French is carried
   over from wherever the project's catalogues already hold it, and every entry still
   untranslated or fuzzy is listed as ``file:line msgid (where it is used)``.
   ``--in-place`` does the same to the tree itself: that is ``make messages``.
2. the templates: visible text outside ``{% translate %}``, ``{% blocktranslate %}`` and
   variables (tags, comments, scripts and styles set aside; of the attributes only
   ``alt``, ``title``, ``aria-label`` and ``placeholder`` are read), unless the allow-list
   (``powg/i18n_allowlist.txt``: proper names, symbols) covers it.

Why the carrying over: makemessages files a string under the locale/ folder nearest
its source, so the strings of templates/members/*.html go to the project's locale/,
while their French was written in members/locale/; there makemessages marks them
obsolete. Without carrying their French over, one run would lose it.

The exit status is non-zero when either check finds anything.
"""

import contextlib
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

# Folders that hold no source of ours: never copied, extracted or scanned.
SKIPPED_DIRS = {"var", "staticfiles", "node_modules", "__pycache__", "tests", "htmlcov"}
COPIED_SUFFIXES = {".py", ".html", ".txt", ".po"}
TEMPLATE_SUFFIXES = {".html", ".txt"}
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
DEFAULT_ALLOWLIST = Path(__file__).resolve().parents[2] / "i18n_allowlist.txt"

LETTER = re.compile(r"[^\W\d_]")
# Set aside before the HTML is read, in this order; newlines are kept for line numbers.
SET_ASIDE = [
    re.compile(r"{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S),
    re.compile(r"<script\b.*?</script\s*>", re.S | re.I),
    re.compile(r"<style\b.*?</style\s*>", re.S | re.I),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"{%.*?%}", re.S),
    re.compile(r"{{.*?}}", re.S),
]


def _skipped(name):
    return name.startswith(".") or name in SKIPPED_DIRS


def _copy_ignore(folder, names):
    return [
        name
        for name in names
        if _skipped(name)
        or ((Path(folder) / name).is_file() and Path(name).suffix not in COPIED_SUFFIXES)
    ]


def _read(po_path, language):
    from babel.messages.pofile import read_po

    with po_path.open("rb") as po_file:
        return read_po(po_file, locale=language)


def _po_files(locale_dirs, language):
    for locale_dir in locale_dirs:
        yield from sorted(Path(locale_dir).glob(f"{language}/LC_MESSAGES/*.po"))


def _key(message):
    return message.context, message.id


def _is_translated(message):
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return not message.fuzzy and all(strings)


def carry_over(locale_dirs, language):
    """Give each untranslated or fuzzy entry the French its msgid has in another catalogue.

    Current entries are preferred to obsolete ones. Returns how many entries were filled.
    """
    from babel.messages.pofile import write_po

    catalogues = {path: _read(path, language) for path in _po_files(locale_dirs, language)}
    known = {}
    for catalog in catalogues.values():
        for message in catalog.obsolete.values():
            if message.id and _is_translated(message):
                known.setdefault(_key(message), message.string)
    for catalog in catalogues.values():
        for message in catalog:
            if message.id and _is_translated(message):
                known[_key(message)] = message.string
    filled = 0
    for path, catalog in catalogues.items():
        changed = False
        for message in catalog:
            if message.id and not _is_translated(message) and _key(message) in known:
                message.string = known[_key(message)]
                message.flags.discard("fuzzy")
                changed = filled = filled + 1
        if changed:
            with path.open("wb") as po_file:
                write_po(po_file, catalog, width=79)
    return filled


def catalogue_problems(locale_dirs, language, root):
    """Entries that no catalogue of the project translates (or only fuzzily).

    Django merges a language's catalogues at run time, so a string one catalogue lacks
    is still French when another one translates it.
    """
    entries = [
        (path.relative_to(root), message)
        for path in _po_files(locale_dirs, language)
        for message in _read(path, language)
        if message.id  # not the header
    ]
    translated = {_key(message) for _name, message in entries if _is_translated(message)}
    problems = []
    for name, message in entries:
        if _key(message) in translated:
            continue
        kind = "fuzzy" if message.fuzzy else "untranslated"
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        used = ", ".join(f"{path}:{line}" for path, line in message.locations[:2])
        problems.append(
            f"{name}:{message.lineno}: {kind} msgid {msgid!r}" + (f" ({used})" if used else "")
        )
    return problems


def locale_dirs(tree):
    """The project's locale/ folder and its apps' (one level down, like Django's apps)."""
    apps = [child / "locale" for child in sorted(tree.iterdir()) if not _skipped(child.name)]
    return [path for path in [tree / "locale", *apps] if path.is_dir()]


def update_catalogues(tree, language):
    """``makemessages`` over ``tree``, then the French carried over: ``make messages``."""
    if not shutil.which("xgettext"):
        raise CommandError("makemessages needs GNU gettext (xgettext): apt-get install gettext.")
    # makemessages writes to the nearest locale/ folder, and to LOCALE_PATHS[0] for
    # files without one: both must be inside the tree it works on.
    with contextlib.chdir(tree), override_settings(LOCALE_PATHS=[str(tree / "locale")]):
        call_command(
            "makemessages", locale=[language], ignore_patterns=sorted(SKIPPED_DIRS), verbosity=0
        )
    return carry_over(locale_dirs(tree), language)


class _VisibleText(HTMLParser):
    """Collects (line, text) for what a template shows outside tags and translation."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and LETTER.search(value):
                self.found.append((self.getpos()[0], value.strip()))

    def handle_data(self, data):
        text = data.strip()
        if text and LETTER.search(text):
            line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
            self.found.append((line, " ".join(text.split())))


def visible_text(source):
    """The (line, text) pairs of a template's source that no translation tag covers."""

    def set_aside(pattern, source):
        def blank(match):
            # Keep the lines; keep the two sides of an {% else %} apart with a space,
            # except where a tag name follows (<{% if %}a ...>).
            newlines = "\n" * match.group(0).count("\n")
            joined = source[: match.start()].endswith(("<", "</"))
            return newlines or ("" if joined else " ")

        return pattern.sub(blank, source)

    for pattern in SET_ASIDE:
        source = set_aside(pattern, source)
    parser = _VisibleText()
    parser.feed(source)
    parser.close()
    return parser.found


def read_allowlist(path):
    """Phrases that need no translation, longest first; ``#`` starts a comment line."""
    if not path or not Path(path).exists():
        return []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    entries = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    return sorted(entries, key=len, reverse=True)


def template_problems(template_dirs, allowlist, root):
    problems = []
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix not in TEMPLATE_SUFFIXES or not path.is_file():
                continue
            for line, text in visible_text(path.read_text(encoding="utf-8")):
                rest = text
                for phrase in allowlist:
                    rest = rest.replace(phrase, " ")
                if LETTER.search(rest):
                    name = path.relative_to(root) if path.is_relative_to(root) else path
                    problems.append(f"{name}:{line}: text outside a translation tag: {text!r}")
    return problems


class Command(BaseCommand):
    help = "Fail on a marked string without French (or fuzzy) and on untranslated template text."

    def add_arguments(self, parser):
        parser.add_argument(
            "--root", default=str(settings.BASE_DIR), help="The project tree (default: this one)."
        )
        parser.add_argument("--language", default="fr", help="The language to check (fr).")
        parser.add_argument(
            "--templates",
            action="append",
            help="A template folder to scan (repeatable; default: TEMPLATES' DIRS).",
        )
        parser.add_argument(
            "--allowlist",
            default=str(DEFAULT_ALLOWLIST),
            help="Phrases allowed outside translation tags, one a line.",
        )
        extraction = parser.add_mutually_exclusive_group()
        extraction.add_argument(
            "--in-place",
            action="store_true",
            help="Update the tree's own catalogues (make messages), then check them.",
        )
        extraction.add_argument(
            "--no-makemessages",
            action="store_true",
            help="Check the catalogues as they are, without extracting the strings first.",
        )
        parser.add_argument(
            "--skip-templates", action="store_true", help="Check only the catalogues."
        )

    def handle(self, *args, **options):
        root = Path(options["root"]).resolve()
        language = options["language"]
        if options["no_makemessages"]:
            problems = catalogue_problems(locale_dirs(root), language, root)
        elif options["in_place"]:
            filled = update_catalogues(root, language)
            self.stdout.write(f"Catalogues updated; {filled} translation(s) carried over.")
            problems = catalogue_problems(locale_dirs(root), language, root)
        else:
            with tempfile.TemporaryDirectory(prefix="powg-i18n-") as scratch:
                copy = Path(scratch) / "project"
                shutil.copytree(root, copy, ignore=_copy_ignore)
                update_catalogues(copy, language)
                problems = catalogue_problems(locale_dirs(copy), language, copy)
        if not options["skip_templates"]:
            folders = options["templates"] or [
                folder for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])
            ]
            allowlist = read_allowlist(options["allowlist"])
            problems += template_problems([Path(f).resolve() for f in folders], allowlist, root)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} translation problem(s): see the list above.")
        self.stdout.write(self.style.SUCCESS(f"Every string has its translation ({language})."))
