"""The archive import: a folder or a ZIP of old papers and a CSV of what they are.

Three steps, the same from ``manage.py import_archive`` and from the site:

1. ``analyse``: one ``ArchiveImportRow`` per file (and per CSV row naming a missing
   file), its values taken from the CSV where given and from the file otherwise (a
   PDF's document information, the first heading of a Word or OpenDocument file, a
   year in the file name, the language detected from the text), and its problems
   (``check_row``). Nothing is imported yet: this is the preview.
2. The steering committee corrects values (on the site, or in the report CSV fed back
   as ``--metadata``); ``check_row`` runs again on the corrected values.
3. ``import_rows``: each file in its own transaction. A file whose checksum is already
   in the library is skipped, never duplicated, so a run that stopped halfway resumes.

The site runs steps 1 and 3 in jobs (``analyse_batch``, ``import_batch``), which keep
the batch's progress fields current for its progress page.
"""

import csv
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.files import file_checksum, sniff_kind
from documents.models import Document, DocumentType, Language, ThematicArea
from documents.models.archive import (
    ArchiveImport,
    ArchiveImportRow,
    ImportState,
    RowOutcome,
)
from powg.csvexport import DANGEROUS_PREFIXES, safe_cell
from powg.formats import filesize
from powg.models import AuditAction
from powg.visibility import Status, Visibility

logger = logging.getLogger(__name__)

COLUMNS = (
    "file",
    "title",
    "subtitle",
    "type",
    "date",
    "authors",
    "organizations",
    "themes",
    "language",
    "visibility",
    "status",
    "counterpart",
)
REPORT_COLUMNS = (*COLUMNS, "outcome", "note")
LIST_SEPARATOR = ";"
EXTENSIONS = (".pdf", ".docx", ".odt")

# Problems that keep a row out of the import (outcome "attention").
BLOCKING = frozenset(
    {
        "missing_title",
        "unknown_theme",
        "unknown_type",
        "bad_date",
        "missing_date",
        "unknown_language",
        "unknown_visibility",
        "unknown_status",
        "unknown_organization",
        "unknown_counterpart",
        "unreadable_file",
        "missing_file",
    }
)
# Problems that make a row skipped: its file is there already.
SKIPPING = frozenset({"already_in_library", "duplicate_in_import"})
# Facts about the file itself, found once by ``analyse`` and kept by ``check_row``.
FILE_CODES = frozenset({"unreadable_file", "missing_file"})

# A ZIP is refused beyond these: a "zip bomb" expands to far more than it weighs.
MAX_ARCHIVE_MEMBERS = 20_000
MAX_COMPRESSION_RATIO = 200
MAX_CSV_BYTES = 10 * 1024 * 1024

_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


class ArchiveError(ValueError):
    """An archive or a CSV that cannot be used at all; the message is for the user."""


# --- sources: a folder or a ZIP --------------------------------------------------------


def _wanted(parts) -> bool:
    if not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return False
    return parts[-1].lower().endswith(EXTENSIONS)


class FolderSource:
    """The documents of a folder, recursively (hidden files and folders left out)."""

    def __init__(self, path):
        self.root = Path(path).resolve()
        if not self.root.is_dir():
            raise ArchiveError(_("There is no folder at %(path)s.") % {"path": path})

    def files(self) -> list[str]:
        found = []
        for path in self.root.rglob("*"):
            relative = path.relative_to(self.root)
            if _wanted(relative.parts) and path.is_file() and not path.is_symlink():
                found.append(relative.as_posix())
        return sorted(found)

    def _path(self, path: str) -> Path:
        full = (self.root / path).resolve()
        if not full.is_relative_to(self.root):
            raise ArchiveError(_("A file outside the folder was asked for."))
        return full

    def size(self, path: str) -> int:
        return self._path(path).stat().st_size

    def open(self, path: str):
        return self._path(path).open("rb")

    def read_csv(self, name: str):
        """The CSV at the folder's top level, if any (for a ZIP's own metadata file)."""
        full = self._path(name)
        return full.open("rb") if full.is_file() else None


class ZipSource:
    """The documents of a ZIP archive, checked before anything is read.

    Refused: a member whose path is absolute or climbs out (``..``), too many members,
    or members that expand far beyond what they weigh.
    """

    def __init__(self, fileobj):
        try:
            self.zip = zipfile.ZipFile(fileobj)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ArchiveError(_("This file is not a ZIP archive, or it is damaged.")) from exc
        infos = self.zip.infolist()
        if len(infos) > MAX_ARCHIVE_MEMBERS:
            raise ArchiveError(
                _("The archive holds more than %(count)s files: split it into smaller ones.")
                % {"count": MAX_ARCHIVE_MEMBERS}
            )
        self.members = {}
        total = 0
        limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts:
                raise ArchiveError(
                    _("The archive contains a file with an unsafe path (%(name)s): it was refused.")
                    % {"name": info.filename[:200]}
                )
            if info.is_dir() or not _wanted(parts):
                continue
            if info.file_size > 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(
                1, info.compress_size
            ):
                raise ArchiveError(
                    _(
                        "The archive contains a file that expands to far more than it weighs "
                        "(%(name)s): it was refused."
                    )
                    % {"name": info.filename[:200]}
                )
            total += min(info.file_size, limit + 1)
            self.members[PurePosixPath(*parts).as_posix()] = info
        if total > limit * 1000:
            raise ArchiveError(
                _("The archive expands to more than %(size)s: split it into smaller ones.")
                % {"size": filesize(limit * 1000)}
            )

    def files(self) -> list[str]:
        return sorted(self.members)

    def size(self, path: str) -> int:
        return self.members[path].file_size

    def open(self, path: str):
        info = self.members[path]
        limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
        with self.zip.open(info) as member:
            data = member.read(limit + 1)  # never more than the limit, whatever it claims
        return io.BytesIO(data)

    def read_csv(self, name: str):
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            return None
        with self.zip.open(info) as member:
            return io.BytesIO(member.read(MAX_CSV_BYTES))


# --- the CSV ---------------------------------------------------------------------------


def normalise_path(value: str) -> str:
    """The key a file is matched by: forward slashes, no leading ./, case-folded."""
    text = unicodedata.normalize("NFC", (value or "").strip().replace("\\", "/"))
    while text.startswith("./"):
        text = text[2:]
    return text.lstrip("/").casefold()


def fold(value: str) -> str:
    """Case- and accent-insensitive form of a name, for matching what people typed."""
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("’", "'").casefold().split())


# Headers people write, in English or French, for the columns' own names.
HEADER_ALIASES = {
    "year": "date",
    "filename": "file",
    "file_name": "file",
    "path": "file",
    "theme": "themes",
    "author": "authors",
    "organization": "organizations",
    "fichier": "file",
    "titre": "title",
    "sous-titre": "subtitle",
    "sous_titre": "subtitle",
    "annee": "date",
    "auteurs": "authors",
    "auteur": "authors",
    "organisations": "organizations",
    "langue": "language",
    "visibilite": "visibility",
    "statut": "status",
}


@dataclass
class Metadata:
    """What a CSV says, by file: ``rows`` keyed by ``normalise_path(file)``."""

    rows: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    columns: list = field(default_factory=list)

    def match(self, path: str):
        """The CSV's values for a file: by its relative path, else by a unique basename."""
        key = normalise_path(path)
        if key in self.rows:
            return key, self.rows[key]
        name = key.rsplit("/", 1)[-1]
        candidates = [k for k in self.rows if k.rsplit("/", 1)[-1] == name]
        if len(candidates) == 1:
            return candidates[0], self.rows[candidates[0]]
        return None, None


def read_metadata(fileobj) -> Metadata:
    """Read a metadata CSV (UTF-8, else Windows-1252; comma, semicolon or tab).

    Problems are sentences for the user; a CSV with no ``file`` column gives no rows.
    Raises ``ArchiveError`` for a file that is not a CSV at all.
    """
    metadata = Metadata()
    raw = fileobj.read(MAX_CSV_BYTES + 1)
    if isinstance(raw, str):
        text = raw
    else:
        if len(raw) > MAX_CSV_BYTES:
            raise ArchiveError(
                _("The metadata file is larger than %(size)s.") % {"size": filesize(MAX_CSV_BYTES)}
            )
        if b"\x00" in raw[:4096]:
            raise ArchiveError(_("The metadata file is not a CSV text file."))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            metadata.problems.append(
                _(
                    "The metadata file is not in UTF-8: it was read as Windows-1252. "
                    "Check accented letters."
                )
            )
    if not text.strip():
        metadata.problems.append(_("The metadata file is empty."))
        return metadata
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        metadata.problems.append(_("The metadata file has no header row."))
        return metadata
    columns = []
    for cell in header:
        name = fold(cell).lstrip("\ufeff").replace(" ", "_")
        name = HEADER_ALIASES.get(name, name)
        if name and name not in REPORT_COLUMNS:
            metadata.problems.append(
                _("The column “%(column)s” is not known: it was ignored. Known columns: %(known)s.")
                % {"column": cell.strip(), "known": ", ".join(COLUMNS)}
            )
        columns.append(name if name in COLUMNS else None)
    metadata.columns = [c for c in columns if c]
    if "file" not in columns:
        metadata.problems.append(
            _("The metadata file has no “file” column: no row can be matched to a file.")
        )
        return metadata
    try:
        for number, cells in enumerate(reader, start=2):
            values = {}
            for name, cell in zip(columns, cells, strict=False):
                if name:
                    values[name] = _uncell(cell)
            if not any(values.values()):
                continue
            key = normalise_path(values.get("file", ""))
            if not key:
                metadata.problems.append(
                    _("Row %(number)s of the metadata file names no file: it was ignored.")
                    % {"number": number}
                )
                continue
            if key in metadata.rows:
                metadata.problems.append(
                    _(
                        "The file “%(file)s” is named twice in the metadata file (row "
                        "%(number)s): the first row was kept."
                    )
                    % {"file": values["file"], "number": number}
                )
                continue
            metadata.rows[key] = values
    except csv.Error as exc:
        metadata.problems.append(
            _("The metadata file could not be read past row %(number)s (%(error)s).")
            % {"number": reader.line_num, "error": exc}
        )
    return metadata


def _uncell(cell: str) -> str:
    """A cell's text, with the quote a safe CSV export put before a formula removed."""
    text = (cell or "").strip()
    if text.startswith("'") and text[1:2] and text[1:].startswith(DANGEROUS_PREFIXES):
        return text[1:]
    return text


# --- reading values --------------------------------------------------------------------


def split_list(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(LIST_SEPARATOR) if part.strip()]


def _labels(choices):
    """value -> {folded value, English label, French label} of a TextChoices."""
    index = {}
    for value, label in choices.choices:
        index[fold(value)] = value
        index[fold(value).replace("_", " ")] = value
        with translation.override("en"):
            index[fold(str(label))] = value
        with translation.override("fr"):
            index[fold(str(label))] = value
    return index


_LANGUAGE_WORDS = {"anglais": "en", "francais": "fr", "english": "en", "french": "fr"}


def parse_type(value: str):
    return _labels(DocumentType).get(fold(value)) if value else DocumentType.REPORT


def parse_language(value: str):
    if not value:
        return None
    return _labels(Language).get(fold(value)) or _LANGUAGE_WORDS.get(fold(value))


def parse_visibility(value: str):
    return _labels(Visibility).get(fold(value)) if value else Visibility.PUBLIC


_STATUS_WORDS = {"brouillon": Status.DRAFT, "publie": Status.PUBLISHED, "publiee": Status.PUBLISHED}


def parse_status(value: str):
    if not value:
        return Status.DRAFT
    folded = fold(value)
    found = _labels(Status).get(folded) or _STATUS_WORDS.get(folded)
    return found if found in (Status.DRAFT, Status.PUBLISHED) else None


def parse_date(value: str):
    """(date, precision) from YYYY, YYYY-MM or YYYY-MM-DD; None when it is not one."""
    match = _DATE.match((value or "").strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            return date(year, month, day), "day"
        if month is not None:
            return date(year, month, 1), "month"
        return date(year, 1, 1), "year"
    except ValueError:
        return None


class Lookups:
    """Thematic areas and organizations by every name people may type (one query each),
    and the library's copies of an import's files."""

    def __init__(self):
        self._themes = None
        self._organizations = None
        self._copies = None  # checksum -> documents with that file, once preloaded

    def preload_library_copies(self, rows) -> None:
        """The library's copies of these rows' files, in one query (a preview's check)."""
        self._copies = {}
        checksums = {row.checksum for row in rows if row.checksum}
        for document in Document.objects.filter(file_checksum__in=checksums).only(
            "title", "slug", "file_checksum"
        ):
            self._copies.setdefault(document.file_checksum, []).append(document)

    def library_copy(self, checksum, *, other_than=None):
        """A document of the library with this file (not ``other_than``), or None.

        Read from the database each time unless preloaded: an import creates documents
        as it goes, so only a check that writes nothing may trust the preloaded copies.
        """
        if self._copies is None:
            return (
                Document.objects.filter(file_checksum=checksum)
                .exclude(pk=other_than)
                .only("title", "slug")
                .first()
            )
        return next((d for d in self._copies.get(checksum, []) if d.pk != other_than), None)

    @property
    def themes(self) -> dict:
        if self._themes is None:
            self._themes = {}
            for theme in ThematicArea.objects.all():
                for name in (theme.slug, theme.name_fr, theme.name):
                    if name:
                        self._themes[fold(name)] = theme
        return self._themes

    @property
    def organizations(self) -> dict:
        if self._organizations is None:
            from members.models import Organization

            self._organizations = {}
            for organization in Organization.objects.all():
                for name in (organization.acronym, organization.name):
                    if name:
                        self._organizations[fold(name)] = organization
        return self._organizations


# --- problems --------------------------------------------------------------------------


def _problem(field_name, code, **params):
    return {"field": field_name, "code": code, "params": params}


def check_row(row, *, batch_rows=None, lookups=None) -> list[dict]:
    """The problems of a row as its values are now (run again after an edit).

    ``batch_rows``: the other rows of the same import (for duplicates and counterparts
    named by file); read from the database when not given and the row is saved.
    """
    lookups = lookups or Lookups()
    values = row.values or {}
    problems = [p for p in (row.problems or []) if p.get("code") in FILE_CODES]
    if problems:  # no file to import: the values do not matter
        return problems
    if not values.get("title", "").strip():
        problems.append(_problem("title", "missing_title"))
    if parse_type(values.get("type", "")) is None:
        problems.append(_problem("type", "unknown_type", value=values["type"]))
    if not values.get("date", "").strip():
        problems.append(_problem("date", "missing_date"))
    elif parse_date(values["date"]) is None:
        problems.append(_problem("date", "bad_date", value=values["date"]))
    language = values.get("language", "").strip()
    if not language:
        problems.append(_problem("language", "unknown_language", value=""))
    elif parse_language(language) is None:
        problems.append(_problem("language", "unknown_language", value=language))
    elif _doubtful(row, parse_language(language)):
        problems.append(
            _problem(
                "language",
                "doubtful_language",
                value=parse_language(language),
                confidence=round(row.language_confidence or 0, 2),
            )
        )
    if parse_visibility(values.get("visibility", "")) is None:
        problems.append(_problem("visibility", "unknown_visibility", value=values["visibility"]))
    if parse_status(values.get("status", "")) is None:
        problems.append(_problem("status", "unknown_status", value=values["status"]))
    for name in split_list(values.get("themes", "")):
        if fold(name) not in lookups.themes:
            problems.append(_problem("themes", "unknown_theme", value=name))
    for name in split_list(values.get("organizations", "")):
        if fold(name) not in lookups.organizations:
            problems.append(_problem("organizations", "unknown_organization", value=name))
    others = _other_rows(row, batch_rows)
    counterpart = values.get("counterpart", "").strip()
    if counterpart and _counterpart_row(counterpart, row, others) is None:
        if not Document.objects.filter(slug=counterpart).exists():
            problems.append(_problem("counterpart", "unknown_counterpart", value=counterpart))
    if row.checksum:
        keeper = _kept_copy(row, problems, others)
        if keeper is not None:
            problems.append(_problem("file", "duplicate_in_import", file=keeper.path))
        existing = lookups.library_copy(row.checksum, other_than=row.document_id)
        if existing is not None and not (row.outcome == RowOutcome.IMPORTED):
            problems.append(
                _problem(
                    "file",
                    "already_in_library",
                    title=existing.title,
                    url=existing.get_absolute_url(),
                    slug=existing.slug,
                )
            )
    return problems


def _kept_copy(row, problems, others):
    """The row imported in place of this one when the same file is in the import twice.

    Preferred: an imported copy; then one the CSV describes (or already chosen as the
    kept copy), so its problems are the ones shown; then one that can be imported; then
    the first.
    """
    copies = [o for o in others if o.checksum == row.checksum and o.path]
    if not copies:
        return None
    group = [row, *copies]

    def chosen(candidate):
        return getattr(candidate, "_described", False) or any(
            p.get("code") == "duplicate_in_import" and p["params"].get("file") == candidate.path
            for o in group
            if o is not candidate
            for p in (o.problems or [])
        )

    def key(candidate, its_problems):
        return (
            candidate.outcome == RowOutcome.IMPORTED,
            chosen(candidate),
            not blocking(its_problems),
            -candidate.position,
        )

    best = max(copies, key=lambda o: key(o, o.problems or []))
    return best if key(best, best.problems or []) > key(row, problems) else None


def _doubtful(row, language) -> bool:
    if not row.detected_language or row.detected_language != language:
        return False
    try:
        from documents.language_detection import DOUBTFUL_BELOW
    except ImportError:
        return False
    return (row.language_confidence or 0) < DOUBTFUL_BELOW


def _other_rows(row, batch_rows):
    if batch_rows is None:
        if row.batch_id is None or row.batch.pk is None:
            return []
        batch_rows = list(row.batch.rows.all())
    return [o for o in batch_rows if o is not row and (row.pk is None or o.pk != row.pk)]


def _counterpart_row(value, row, others):
    key = normalise_path(value)
    exact = [o for o in others if normalise_path(o.path) == key]
    if exact:
        return exact[0]
    by_name = [o for o in others if normalise_path(o.path).rsplit("/", 1)[-1] == key]
    return by_name[0] if len(by_name) == 1 else None


def blocking(problems) -> list[dict]:
    return [p for p in problems if p["code"] in BLOCKING]


def skipping(problems) -> list[dict]:
    return [p for p in problems if p["code"] in SKIPPING]


def problem_message(problem) -> str:
    """A problem in words, in the current language."""
    params = dict(problem.get("params") or {})
    code = problem.get("code")
    if code == "doubtful_language" and params.get("value"):
        params["language"] = str(Language(params["value"]).label)
        params["percent"] = round(100 * float(params.get("confidence") or 0))
    messages = {
        "missing_title": _("No title: give one."),
        "unknown_theme": _("“%(value)s” is not a thematic area of the library."),
        "unknown_type": _("“%(value)s” is not a type of document."),
        "bad_date": _("“%(value)s” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD."),
        "missing_date": _("No date: give at least the year."),
        "unknown_language": _(
            "The language is not known: write en or fr (the text gave no sure answer)."
        ),
        "doubtful_language": _(
            "The language was detected as %(language)s, without certainty "
            "(%(percent)s%%): check it."
        ),
        "unknown_visibility": _(
            "“%(value)s” is not a visibility: write public, members or steering."
        ),
        "unknown_status": _("“%(value)s” is not a status: write draft or published."),
        "unknown_organization": _("“%(value)s” is not an organization of the directory."),
        "unknown_counterpart": _(
            "“%(value)s” is neither a document of the library nor a file of this import."
        ),
        "unreadable_file": _("The file cannot be imported: %(reason)s"),
        "missing_file": _("The metadata names this file, but it is not in the archive."),
        "duplicate_in_import": _("The same file as %(file)s, earlier in this import."),
        "already_in_library": _("Already in the library: “%(title)s” (%(url)s)."),
    }
    message = messages.get(code)
    if message is None:
        return str(code)
    try:
        return message % params
    except (KeyError, TypeError, ValueError):
        return message


# --- analysis --------------------------------------------------------------------------


def _empty_values(path="") -> dict:
    values = dict.fromkeys(COLUMNS, "")
    values["file"] = path
    return values


def _unreadable_reason(handle, path, size, kind) -> str | None:
    """Why the file cannot be a document (the upload rules), or None."""
    limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
    if size > limit:
        return _("this file is %(size)s; the largest file accepted is %(limit)s.") % {
            "size": filesize(size),
            "limit": filesize(limit),
        }
    if kind is None:
        return _("it is not a PDF, Word (DOCX) or OpenDocument (ODT) document.")
    ext = PurePosixPath(path).suffix.lower().lstrip(".")
    if ext != kind:
        return _("its content is %(kind)s but its name ends in “.%(ext)s”.") % {
            "kind": kind.upper(),
            "ext": ext,
        }
    return None


def _pdf_info(handle) -> dict:
    from pypdf import PdfReader

    try:
        handle.seek(0)
        reader = PdfReader(handle)
        info = reader.metadata
        if info is None:
            return {}
        created = info.creation_date
        return {
            "title": _clean_info_title(info.title or ""),
            "authors": (info.author or "").strip(),
            "date": created.date().isoformat() if created else "",
        }
    except Exception as exc:  # pypdf raises many kinds of errors on broken files
        logger.info("reading PDF information failed: %r", exc)
        return {}


_WORD_PREFIX = re.compile(r"^(microsoft word|microsoft powerpoint|word)\s*-\s*", re.IGNORECASE)
_PLACEHOLDER_TITLES = {"untitled", "sans titre", "document", "title", "titre", "none"}


def _clean_info_title(title: str) -> str:
    """A PDF's stored title, unless it is a placeholder or just a file name."""
    title = _WORD_PREFIX.sub("", " ".join(str(title).split()))
    if fold(title) in _PLACEHOLDER_TITLES or re.search(r"\.(docx?|odt|pdf|rtf)$", title, re.I):
        return ""
    return title[:300]


def read_file_facts(handle, path: str, size: int) -> dict:
    """What a file says of itself: kind, checksum, text, title, authors, date, problem."""
    from documents import text as file_text

    kind = sniff_kind(handle)
    facts = {"kind": kind or "", "checksum": file_checksum(handle), "text": "", "needs_ocr": False}
    reason = _unreadable_reason(handle, path, size, kind)
    if reason is None:
        extracted = file_text.extract_text(handle, kind)
        if kind == "pdf":
            if extracted.problem and not extracted.needs_ocr and not extracted.text:
                reason = extracted.problem
            else:
                facts.update({k: v for k, v in _pdf_info(handle).items() if v})
        elif extracted.problem and "damaged" in extracted.problem:
            reason = extracted.problem
        else:
            heading = file_text.first_heading(handle, kind)
            if heading:
                facts["title"] = heading
        facts["text"] = extracted.text
        facts["needs_ocr"] = extracted.needs_ocr
    facts["reason"] = reason
    return facts


def _detect_language(text):
    try:
        from documents.language_detection import detect_language
    except ImportError:  # the detector is optional until it is installed
        return None, 0.0
    return detect_language(text)


def _year_from_name(path: str) -> str:
    match = _YEAR_IN_NAME.search(PurePosixPath(path).name)
    return match.group(1) if match else ""


def analyse(batch, source, metadata, *, save=True, progress=None) -> list:
    """One row per file (and per CSV row naming a missing file), with its problems.

    ``save=False`` (a dry run) writes nothing: the rows are returned unsaved.
    ``progress(done, total, current_path)`` is called as files are read.
    """
    metadata = metadata or Metadata()
    paths = source.files()
    matched = set()
    rows = []
    total = len(paths)
    for position, path in enumerate(paths, start=1):
        if progress:
            progress(position - 1, total, path)
        key, given = metadata.match(path)
        if key:
            matched.add(key)
        values = _empty_values(path)
        row = ArchiveImportRow(batch=batch, position=position, path=path, values=values)
        try:
            size = source.size(path)
            with source.open(path) as handle:
                facts = read_file_facts(handle, path, size)
        except (OSError, zipfile.BadZipFile, RuntimeError, ValueError) as exc:
            logger.info("reading %s failed: %r", path, exc)
            facts = {"kind": "", "checksum": "", "text": "", "needs_ocr": False}
            facts["reason"] = _("it could not be read (%(error)s).") % {"error": exc}
        row.checksum, row.file_kind = facts["checksum"], facts["kind"]
        row.needs_ocr = facts["needs_ocr"]
        for name in ("title", "authors", "date"):
            values[name] = facts.get(name, "")
        year = _year_from_name(path)
        if year:
            values["date"] = year  # the name says what the paper is; creation dates lie
        for name, value in (given or {}).items():
            if value and name != "file":
                values[name] = value
        if not values["language"] and facts["text"]:
            code, confidence = _detect_language(facts["text"])
            if code:
                values["language"] = code
                row.detected_language = code
                row.language_confidence = confidence
        if facts["reason"]:
            row.problems = [_problem("file", "unreadable_file", reason=facts["reason"])]
        row._described = bool(given)
        rows.append(row)
    for key, given in metadata.rows.items():
        if key in matched:
            continue
        values = _empty_values()
        values.update({k: v for k, v in given.items() if v})
        row = ArchiveImportRow(
            batch=batch,
            position=len(rows) + 1,
            path=given.get("file", key),
            values=values,
            problems=[_problem("file", "missing_file")],
        )
        rows.append(row)
    lookups = Lookups()
    for _round in range(2):  # the second sees the others' problems (for duplicates)
        problems = [check_row(row, batch_rows=rows, lookups=lookups) for row in rows]
        for row, found in zip(rows, problems, strict=True):
            row.problems = found
            row.outcome = _planned_outcome(found)
    if progress:
        progress(total, total, "")
    if save:
        with transaction.atomic():
            batch.rows.all().delete()
            ArchiveImportRow.objects.bulk_create(rows)
    return rows


def _planned_outcome(problems) -> str:
    """Skipped first: a file already there needs no correction."""
    if skipping(problems):
        return RowOutcome.SKIPPED
    if blocking(problems):
        return RowOutcome.ATTENTION
    return RowOutcome.PENDING


def recheck_rows(rows, *, left_out=()) -> None:
    """Check the rows of a batch again after the preview's corrections, and save them.

    ``left_out``: the ids of rows the steering committee chose to skip. The library's
    copies of the files are read once for all the rows.
    """
    lookups = Lookups()
    lookups.preload_library_copies(rows)
    for row in rows:
        if row.outcome == RowOutcome.IMPORTED:
            continue
        row.problems = check_row(row, batch_rows=rows, lookups=lookups)
        row.outcome, row.outcome_note = _planned_outcome(row.problems), ""
        if row.pk in left_out and row.outcome != RowOutcome.SKIPPED:
            row.outcome, row.outcome_note = RowOutcome.SKIPPED, _("Left out in the preview.")
    ArchiveImportRow.objects.bulk_update(rows, ["values", "problems", "outcome", "outcome_note"])


# --- import ----------------------------------------------------------------------------


def _unique_slug(title: str) -> str:
    from documents.edit_forms import free_document_slug

    return free_document_slug(title)


def _lock_checksum(checksum: str) -> None:
    """Two imports of the same file at once: the second waits, then finds it there."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 20))", [checksum])


def _notes(problems) -> str:
    return " ".join(problem_message(p) for p in problems)


def _create_document(row, source, *, by, lookups):
    """Import one row's file as a document (inside the caller's transaction)."""
    from documents import services
    from powg import publishing

    values = row.values
    publication_date, precision = parse_date(values["date"])
    document = Document(
        title=values["title"].strip()[:300],
        subtitle=values.get("subtitle", "").strip()[:300],
        slug=_unique_slug(values["title"]),
        document_type=parse_type(values.get("type", "")),
        publication_date=publication_date,
        date_precision=precision,
        language=parse_language(values["language"]),
        visibility=parse_visibility(values.get("visibility", "")),
        status=Status.DRAFT,
        authors=[a[:200] for a in split_list(values.get("authors", ""))],
        updated_by=by if getattr(by, "is_authenticated", False) else None,
    )
    with source.open(row.path) as handle:
        document.file.save(PurePosixPath(row.path).name, File(handle), save=False)
    stored = document.file.name
    try:
        document.file_checksum = row.checksum
        document._change_reason = _("Imported from an archive")
        document.save()
        themes = [lookups.themes[fold(n)] for n in split_list(values.get("themes", ""))]
        if themes:
            document.themes.set(themes)
        organizations = [
            lookups.organizations[fold(n)] for n in split_list(values.get("organizations", ""))
        ]
        if organizations:
            document.publishing_organizations.set(organizations)
        if parse_status(values.get("status", "")) == Status.PUBLISHED:
            publishing.publish(document, by=by)
        services.extract_file_text(document=document)
    except Exception:
        default_storage.delete(stored)
        raise
    return document


def import_rows(batch, source, *, progress=None, by=None) -> dict:
    """Import the rows of a saved batch that have no blocking problem; counts by outcome.

    Each file in its own transaction; a file whose checksum is in the library already is
    skipped, so a second run (after an interruption) imports only what is left. Pairs
    of counterparts are made at the end. ``progress(done, total, current_path)``.
    """
    from documents.facets import forget_cached_facets

    by = by if by is not None else batch.created_by
    rows = list(batch.rows.select_related("document").order_by("position"))
    lookups = Lookups()
    total = len(rows)
    for done, row in enumerate(rows):
        if progress:
            progress(done, total, row.path)
        if row.outcome == RowOutcome.IMPORTED and row.document_id:
            continue
        if row.outcome == RowOutcome.SKIPPED and not skipping(row.problems or []):
            continue  # left out by the steering committee in the preview
        _import_row(row, rows, source, by=by, lookups=lookups)
    _pair_counterparts(rows)
    forget_cached_facets()
    counts = dict.fromkeys(RowOutcome.values, 0)
    for row in rows:
        counts[row.outcome] += 1
    if progress:
        progress(total, total, "")
    from powg.audit import record

    record(
        actor=by,
        action=AuditAction.IMPORT,
        target=batch,
        detail=", ".join(f"{k}: {v}" for k, v in counts.items() if v),
    )
    return counts


def _import_row(row, rows, source, *, by, lookups) -> None:
    problems = check_row(row, batch_rows=rows, lookups=lookups)
    row.problems = problems
    row.document = None
    if skipping(problems):
        row.outcome, row.outcome_note = RowOutcome.SKIPPED, _notes(skipping(problems))
        existing = next((p for p in problems if p["code"] == "already_in_library"), None)
        if existing:
            row.document = Document.objects.filter(slug=existing["params"].get("slug")).first()
    elif blocking(problems):
        row.outcome, row.outcome_note = RowOutcome.ATTENTION, _notes(blocking(problems))
    else:
        for attempt in range(2):  # a slug taken meanwhile by another import: once more
            try:
                _import_checked_row(row, problems, source, by=by, lookups=lookups)
                return
            except IntegrityError as exc:
                if attempt:
                    _failed(row, exc)
            except (OSError, ValidationError, ValueError, KeyError) as exc:
                _failed(row, exc)
                break
    row.save(update_fields=["problems", "outcome", "outcome_note", "document"])


def _failed(row, exc) -> None:
    logger.warning("importing %s failed: %r", row.path, exc)
    row.outcome = RowOutcome.ATTENTION
    row.outcome_note = _("The import of this file failed: %(error)s") % {"error": exc}
    row.document = None


def _import_checked_row(row, problems, source, *, by, lookups) -> None:
    """One file, in its own transaction, under a lock on its checksum."""
    with transaction.atomic():
        _lock_checksum(row.checksum)
        existing = Document.objects.filter(file_checksum=row.checksum).first()
        if existing is not None:  # imported meanwhile, by another run
            row.outcome = RowOutcome.SKIPPED
            row.outcome_note = problem_message(
                _problem(
                    "file",
                    "already_in_library",
                    title=existing.title,
                    url=existing.get_absolute_url(),
                )
            )
            row.document = existing
        else:
            row.document = _create_document(row, source, by=by, lookups=lookups)
            row.outcome = RowOutcome.IMPORTED
            warnings = [p for p in problems if p["code"] not in BLOCKING | SKIPPING]
            row.outcome_note = _notes(warnings)
            if row.needs_ocr:
                row.outcome_note = " ".join(
                    filter(None, [row.outcome_note, _("Its text will be recognised.")])
                )
        row.save(update_fields=["problems", "outcome", "outcome_note", "document"])


def _pair_counterparts(rows) -> None:
    from documents import services

    by_slug = {}
    for row in rows:
        value = (row.values or {}).get("counterpart", "").strip()
        if not value or row.outcome != RowOutcome.IMPORTED or row.document is None:
            continue
        other_row = _counterpart_row(value, row, rows)
        if other_row is not None:
            counterpart = other_row.document
        else:
            if value not in by_slug:
                by_slug[value] = Document.objects.filter(slug=value).first()
            counterpart = by_slug[value]
        if counterpart is None or counterpart.other_language_version_id == row.document.pk:
            continue
        try:
            services.validate_pairing(document=row.document, counterpart=counterpart)
            services.pair_documents(document=row.document, counterpart=counterpart)
        except ValidationError as exc:
            note = " ".join(m for messages in exc.message_dict.values() for m in messages)
            row.outcome_note = " ".join(filter(None, [row.outcome_note, note]))
            row.save(update_fields=["outcome_note"])


# --- the jobs --------------------------------------------------------------------------


def load_metadata(batch) -> Metadata:
    """The batch's uploaded CSV (``batch.metadata``), or no metadata."""
    if not batch.metadata:
        return Metadata()
    with batch.metadata.open("rb") as handle:
        return read_metadata(handle)


def open_source(batch):
    """The batch's files: its stored ZIP or its folder. The caller closes ``.handle``."""
    if batch.archive:
        handle = batch.archive.open("rb")
        source = ZipSource(handle)
        source.handle = handle
        return source
    source = FolderSource(batch.folder)
    source.handle = None
    return source


def _progress_writer(batch_id):
    def write(done, total, current):
        ArchiveImport.objects.filter(pk=batch_id).update(
            progress_done=done, progress_total=total, current_file=(current or "")[:500]
        )

    return write


def _fail(batch_id, exc) -> None:
    message = str(exc) if isinstance(exc, ArchiveError) else _("The import stopped: %(error)s")
    if not isinstance(exc, ArchiveError):
        message = message % {"error": exc}
    ArchiveImport.objects.filter(pk=batch_id).update(
        state=ImportState.FAILED, error=message, current_file=""
    )


def analyse_batch(batch_id: int) -> int:
    """The analysis job: read the batch's files into rows for the preview."""
    batch = ArchiveImport.objects.get(pk=batch_id)
    if batch.state not in (ImportState.ANALYSING, ImportState.FAILED, ImportState.PREVIEW):
        return 0  # cancelled, or already imported
    ArchiveImport.objects.filter(pk=batch_id).update(
        state=ImportState.ANALYSING, error="", progress_done=0
    )
    source = None
    try:
        source = open_source(batch)
        rows = analyse(batch, source, load_metadata(batch), progress=_progress_writer(batch_id))
    except Exception as exc:
        logger.exception("analysing import %s failed", batch_id)
        _fail(batch_id, exc)
        if isinstance(exc, ArchiveError):
            return 0
        raise
    finally:
        if source is not None and source.handle is not None:
            source.handle.close()
    # A batch cancelled meanwhile stays cancelled.
    ArchiveImport.objects.filter(pk=batch_id, state=ImportState.ANALYSING).update(
        state=ImportState.PREVIEW, current_file=""
    )
    return len(rows)


def discard_uploads(batch) -> None:
    """Delete the uploaded ZIP and CSV from the storage: once imported, or cancelled."""
    if batch.archive:
        batch.archive.delete(save=False)
    if batch.metadata:
        batch.metadata.delete(save=False)


def import_batch(batch_id: int) -> dict:
    """The import job: import the confirmed batch, then forget its uploaded files."""
    batch = ArchiveImport.objects.select_related("created_by").get(pk=batch_id)
    if batch.state == ImportState.DONE:
        return {o: batch.rows.filter(outcome=o).count() for o in RowOutcome.values}
    if batch.state not in (ImportState.PREVIEW, ImportState.IMPORTING):
        return {}  # cancelled, or never confirmed: nothing to import
    ArchiveImport.objects.filter(pk=batch_id).update(
        state=ImportState.IMPORTING, error="", progress_done=0
    )
    source = None
    try:
        source = open_source(batch)
        counts = import_rows(batch, source, progress=_progress_writer(batch_id))
    except Exception as exc:
        logger.exception("import %s failed", batch_id)
        _fail(batch_id, exc)
        if isinstance(exc, ArchiveError):
            return {}
        raise
    finally:
        if source is not None and source.handle is not None:
            source.handle.close()
    discard_uploads(batch)
    ArchiveImport.objects.filter(pk=batch_id).update(
        state=ImportState.DONE,
        archive="",
        metadata="",
        current_file="",
        finished_at=timezone.now(),
    )
    return counts


# --- the report ------------------------------------------------------------------------


def report_row(row) -> list[str]:
    values = row.values or {}
    outcome = RowOutcome(row.outcome).label if row.outcome in RowOutcome.values else row.outcome
    problems = row.problems or []
    note = row.outcome_note or _notes(skipping(problems) or blocking(problems) or problems)
    return [
        *(values.get(c, "") if c != "file" else (values.get("file") or row.path) for c in COLUMNS),
        str(outcome),
        note,
    ]


def write_report(rows, out) -> None:
    """The rows as a CSV in ``REPORT_COLUMNS``: correct it and feed it back as metadata."""
    writer = csv.writer(out)
    writer.writerow(REPORT_COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in report_row(row)])
