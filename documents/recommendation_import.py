"""Turn a pasted recommendations section into structured recommendations.

Pure Python on purpose: the preview view, the ``import_recommendations`` command and the
demo loader all call ``parse_recommendations`` and save its items themselves, so nothing
here touches the database. The texts come from PDFs turned into text, so the parser is
forgiving: it never raises on any input, keeps every heading it does not recognize (for
the steering committee to map to an addressee) and joins sentences broken by page breaks.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# The curated addressees and the aliases the group's reports use for them (English and
# French). The command and the demo use this list; the site passes the Addressee rows.
DEFAULT_ADDRESSEES: list[tuple[str, list[str]]] = [
    (
        "UN Security Council",
        ["Security Council", "SC", "UNSC", "Conseil de sécurité"],
    ),
    (
        "UN Secretariat and Department of Peace Operations",
        [
            "DPO",
            "DPKO",
            "Department of Peacekeeping Operations",
            "Department of Peace Operations",
            "UN peacekeeping department",
            "Secretariat",
            "Secrétariat",
            "Département des opérations de paix",
            "Département des opérations de maintien de la paix",
        ],
    ),
    (
        "UN missions on the ground",
        ["missions", "field missions", "missions on the ground", "missions sur le terrain"],
    ),
    (
        "UN General Assembly and member states",
        [
            "General Assembly",
            "member states",
            "governments at the United Nations",
            "governments at the UN",
            "Assemblée générale",
            "États membres",
        ],
    ),
    (
        "Government of Canada",
        [
            "Canadian government",
            "Canada",
            "Government of Canada",
            "GAC",
            "gouvernement du Canada",
            "gouvernement canadien",
        ],
    ),
    (
        "Regional organizations",
        [
            "African Union",
            "AU",
            "regional organizations",
            "Union africaine",
            "organisations régionales",
        ],
    ),
    (
        "NGOs and civil society",
        [
            "NGOs",
            "civil society",
            "Canadian and international NGOs",
            "ONG",
            "société civile",
        ],
    ),
]

MAX_HEADING_LENGTH = 200

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# Control characters, zero-width marks and lone surrogates (which no output could encode).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff\ud800-\udfff]")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?>")
_SUP = re.compile(r"\s*<sup>\s*\[?\^?\d{1,3}\]?\s*</sup>", re.IGNORECASE)
_FOOTNOTE_MARKS = re.compile(  # with the space before it: "means [1]." -> "means."
    r"\s*(?:\[\^?\d{1,3}\](?!:)"  # [1] and Markdown [^1]
    r"|\^\d{1,3}\b"  # ^1
    rf"|[{_SUPERSCRIPTS}]+)"  # ¹²
)
_FOOTNOTE_DEFINITION = re.compile(rf"^\s*(?:\[\^?\d{{1,3}}\]:?|[{_SUPERSCRIPTS}]+)\s")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:-\s*)?(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:of|/|de|sur)\s*\d{1,4})?\s*(?:-\s*)?$",
    re.IGNORECASE,
)
_BULLET = r"(?:[-*•–—]\s+)?"
_MARKER = re.compile(
    rf"^(?P<indent>[ \t]*){_BULLET}"
    r"(?:(?i:recommendations?|recommandations?)\s+(?P<rnum>\d{1,3}(?:\.\d{1,3}){0,3})"
    r"\s*[:.)\u2013\u2014-]?"  # Recommendation 3: ...
    r"|(?P<dnum>\d{1,3}(?:\.\d{1,3}){1,3})\.?(?=\s+[A-Z\u00c0-\u00de\"\u201c\u00ab])"  # 1.2 ...
    r"|\(?(?P<num>\d{1,3})[.)]"  # 1. or (1)
    r"|\(?(?P<alpha>[a-z]{1,6})[.)])"  # a. (a) ii.
    r"(?:\s+(?P<rest>.*))?$"
)
_PLAIN_BULLET = re.compile(r"^(?P<indent>[ \t]*)[-*•–—]\s+(?P<rest>\S.*)$")
_MD_HEADING = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<title>.*)$")
_PLAIN_HEADING = re.compile(
    r"^(?:recommendations?|recommandations?)\b(?:\s+(?:to|for|addressed\s+to|au|aux|à|a|pour|"
    r"adressées?))?"
    r"|^(?:to|for|aux?|à)\s+(?:the|l[ae']|les)?\b"
    r"|^(?:question|q)\s*\d{1,3}\b",
    re.IGNORECASE,
)
_HEADING_KEYWORDS = re.compile(r"RECOMM|QUESTION|OBSERVATION", re.IGNORECASE)
_ROMAN = re.compile(r"^(?=[ivx])(x{0,3})(ix|iv|v?i{0,3})$")
_TOPIC_WORDS = [
    f" {word} "
    for word in (
        "on",
        "in",
        "regarding",
        "concerning",
        "about",
        "relating to",
        "with respect to",
        "sur",
        "concernant",
        "en matiere de",
    )
]
_TERMINAL = (".", "!", "?", ";", ":", "…", '."', ".”", ".)", "»")


def _fold(text: str) -> str:
    """Case- and accent-insensitive form: NFKD, combining marks dropped, casefolded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> str:
    """The folded text as single-spaced words, padded so phrases match on word edges."""
    return " " + " ".join(re.sub(r"[^\w]+", " ", _fold(text)).split()) + " "


def _clean_inline(text: str) -> str:
    """Remove conversion markup and footnote marks, collapse spaces."""
    # Spaces collapsed first, so the marks' leading \s* never scans a long run twice.
    text = re.sub(r"\s+", " ", text)
    text = _SUP.sub("", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _FOOTNOTE_MARKS.sub("", re.sub(r"\s+", " ", text))
    return text.strip()


def _roman_value(token: str) -> int:
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for position, char in enumerate(token):
        value = values[char]
        if position + 1 < len(token) and values[token[position + 1]] > value:
            total -= value
        else:
            total += value
    return total


def _indent_width(indent: str) -> int:
    return len(indent.replace("\t", "    "))


def stable_key(number: str, text: str) -> str:
    """A document-independent key: the number and the text's words, hashed.

    The saver finds an item it already saved by this key, so saving twice creates nothing
    twice; case, accents, spacing and punctuation do not change it.
    """
    payload = f"{number.strip().casefold()}\x1f{_words(text).strip()}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@dataclass
class Heading:
    """A heading as printed, the addressees it names, and how many items came under it."""

    text: str
    addressees: list[str]
    line: int
    level: int
    item_count: int = 0
    inherited: bool = False  # the addressees are those of the enclosing heading
    mapped: bool = False  # the addressees were chosen by hand (heading_addressees)

    @property
    def recognized(self) -> bool:
        return bool(self.addressees)


@dataclass
class Item:
    """One recommendation: a numbered item, a lettered point or a roman sub-point."""

    number: str
    parent: str | None
    text: str
    heading: str | None
    addressees: list[str]
    line: int
    kind: str  # "number", "letter", "roman" or "bullet"
    lead_in: bool = False  # True when sub-points came under it
    indent: int = field(default=0, repr=False)
    _heading_ref: Heading | None = field(default=None, repr=False, compare=False)
    _parts: list[str] = field(default_factory=list, repr=False)

    @property
    def key(self) -> str:
        return stable_key(self.number, self.text)

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "parent": self.parent,
            "text": self.text,
            "heading": self.heading,
            "addressees": list(self.addressees),
        }


@dataclass
class ParseResult:
    """The parsed items in reading order, the headings, and what was set aside."""

    items: list[Item]
    headings: list[Heading]
    skipped: list[tuple[int, str]]  # (line number, text) of prose lines not taken as items

    @property
    def empty(self) -> bool:
        """No recommendations found (the preview and the command say so)."""
        return not self.items

    @property
    def unrecognized_headings(self) -> list[str]:
        """Headings with items under them that name no addressee, for mapping by hand."""
        seen: list[str] = []
        for heading in self.headings:
            if heading.item_count and not heading.recognized and heading.text not in seen:
                seen.append(heading.text)
        return seen

    def by_addressee(self) -> dict[str | None, list[Item]]:
        """Items grouped by addressee for the preview (None: no addressee at all)."""
        groups: dict[str | None, list[Item]] = {}
        for item in self.items:
            for name in item.addressees or [None]:
                groups.setdefault(name, []).append(item)
        return groups

    def as_dicts(self) -> list[dict]:
        return [item.as_dict() for item in self.items]

    def to_json(self, **kwargs) -> str:
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("indent", 2)
        return json.dumps(self.as_dicts(), **kwargs)


class AddresseeMatcher:
    """Finds the curated addressees a heading names, case- and accent-insensitively.

    Longer aliases win over the shorter ones inside them. Acronyms ("SC", "AU") match only
    as capitals; in a heading written all in capitals they count only in parentheses or
    when nothing longer matched, so the French "AU CONSEIL DE SÉCURITÉ" is not the AU.
    """

    def __init__(
        self, addressees: Iterable[tuple[str, Sequence[str]]] | Mapping[str, Sequence[str]]
    ):
        if isinstance(addressees, Mapping):
            addressees = addressees.items()
        self.names: list[str] = []
        phrases: list[tuple[str, str]] = []
        acronyms: list[tuple[re.Pattern, re.Pattern, str]] = []
        for name, aliases in addressees:
            self.names.append(name)
            for alias in [name, *aliases]:
                alias = (alias or "").strip()
                if not alias:
                    continue
                if alias.isupper() and " " not in alias and len(alias) <= 6:
                    escaped = re.escape(alias)
                    acronyms.append(
                        (
                            re.compile(rf"(?<![^\W_]){escaped}(?![^\W_])"),
                            re.compile(rf"\(\s*{escaped}\s*\)"),
                            name,
                        )
                    )
                else:
                    words = _words(alias)
                    if words.strip():
                        phrases.append((words, name))
        self.phrases = sorted(phrases, key=lambda pair: len(pair[0]), reverse=True)
        self.acronyms = acronyms

    def resolve(self, name: str | None) -> str | None:
        """The canonical name for a name or an alias (the default addressee), else as given."""
        if not name:
            return None
        found = self.match(name)
        if name in self.names:
            return name
        return found[0] if len(found) == 1 else name

    def match(self, heading: str) -> list[str]:
        heading = heading[: MAX_HEADING_LENGTH * 2]  # a heading is short; bounds the work
        words = _words(heading)
        found: list[tuple[int, str]] = []
        for phrase, name in self.phrases:
            start = words.find(phrase)
            while start != -1:
                found.append((start, name))
                # Blank the match out (keeping the edges) so shorter aliases inside it do not
                # match again.
                words = (
                    words[:start]
                    + " "
                    + "\x00" * (len(phrase) - 2)
                    + " "
                    + words[start + len(phrase) :]
                )
                start = words.find(phrase)
        letters = [c for c in heading if c.isalpha()]
        shouting = bool(letters) and all(c.isupper() for c in letters)
        for anywhere, in_parentheses, name in self.acronyms:
            hit = anywhere.search(heading)
            if not hit:
                continue
            if shouting and found and not in_parentheses.search(heading):
                continue
            found.append((len(_words(heading[: hit.start()])) - 1, name))
        # What follows "on", "in", "regarding"... after an addressee is the topic:
        # "TO THE SECURITY COUNCIL ON NEW MISSIONS" is not addressed to the missions.
        cuts = [words.find(word) for word in _TOPIC_WORDS if word in words]
        if cuts and found:
            cut = min(cuts)
            if any(start < cut for start, _name in found):
                found = [(start, name) for start, name in found if start < cut]
        ordered: list[str] = []
        for _position, name in sorted(found, key=lambda pair: pair[0]):
            if name not in ordered:
                ordered.append(name)
        return ordered


def _heading_title(
    line: str, matcher: AddresseeMatcher, after_blank: bool = False
) -> tuple[str, int] | None:
    """The heading's text and level if the line is a heading (Markdown, capitals or "To ...")."""
    markdown = _MD_HEADING.match(line)
    if markdown:
        # Closing hashes stripped in Python: a regex for them backtracks on long lines.
        title = _clean_inline(markdown["title"].rstrip().rstrip("#")).strip("*_ ")
        return (title, len(markdown["hashes"])) if title else None
    stripped = _clean_inline(line).strip("*_ ")
    if not stripped or len(stripped) > MAX_HEADING_LENGTH:
        return None
    marker = _MARKER.match(line)
    if marker:
        # "1. PAY ON TIME:" is an item; "1. RECOMMENDATIONS TO THE SC:" is a heading.
        if (
            not marker["rnum"]
            and _HEADING_KEYWORDS.search(stripped)
            and (stripped.endswith(":") or matcher.match(stripped))
        ):
            return stripped, 99
        return None
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        # A line in capitals is a heading if it ends with a colon or says what it is; other
        # capital lines are running page headers, left aside so a list goes on past them.
        if stripped.endswith(":") or _HEADING_KEYWORDS.search(stripped) or matcher.match(stripped):
            return stripped, 99
        return None
    if _PLAIN_HEADING.match(stripped) and stripped[0].isupper():
        if stripped.endswith(":") or (
            not stripped.endswith((".", ";", ","))
            and (matcher.match(stripped) or _HEADING_KEYWORDS.search(stripped))
        ):
            return stripped, 99
    if (
        after_blank
        and stripped[0].isupper()
        and stripped.endswith(":")
        and len(stripped.split()) <= 10
        and matcher.match(stripped)
    ):
        # "Government of Canada:" on a line of its own after a blank line.
        return stripped, 99
    return None


class _Parser:
    def __init__(
        self,
        text: str,
        matcher: AddresseeMatcher,
        default: str | None,
        mapping: dict[str, list[str]],
    ):
        self.matcher = matcher
        self.default = default
        self.mapping = mapping
        self.lines = self._lines(text)
        self.has_headings = self._has_headings()
        self.items: list[Item] = []
        self.headings: list[Heading] = []
        self.skipped: list[tuple[int, str]] = []
        self.heading_stack: list[Heading] = []
        self.numbered: dict[str, Item] = {}
        self.current: Item | None = None
        self.number_item: Item | None = None
        self.letter_item: Item | None = None
        self.last_letter: str | None = None
        self.last_roman = 0
        self.blank = False

    def _has_headings(self) -> bool:
        """Whether any line is a heading (then prose before the first one is not items)."""
        after_blank = True
        for line in self.lines:
            if not line.strip() or _PAGE_NUMBER.match(line):
                after_blank = True
                continue
            if _heading_title(line, self.matcher, after_blank):
                return True
            after_blank = False
        return False

    @staticmethod
    def _lines(text) -> list[str]:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
        text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n\n")
        text = _CONTROL.sub("", text)
        return text.split("\n")

    # State -------------------------------------------------------------------------------

    def _heading(self) -> Heading | None:
        return self.heading_stack[-1] if self.heading_stack else None

    def _addressees(self) -> list[str]:
        heading = self._heading()
        if heading and heading.addressees:
            return list(heading.addressees)
        return [self.default] if self.default else []

    def _reset_list(self) -> None:
        self.numbered: dict[str, Item] = {}
        self.current = self.number_item = self.letter_item = None
        self.last_letter = None
        self.last_roman = 0

    def _new_item(self, number: str, parent: Item | None, kind: str, indent: int, line: int):
        heading = self._heading()
        if heading:
            heading.item_count += 1
        if parent:
            parent.lead_in = True
        item = Item(
            _heading_ref=heading,
            number=number,
            parent=parent.number if parent else None,
            text="",
            heading=heading.text if heading else None,
            addressees=self._addressees(),
            line=line,
            kind=kind,
            indent=indent,
        )
        self.items.append(item)
        self.current = item
        return item

    # Lines -------------------------------------------------------------------------------

    def run(self) -> ParseResult:
        for index, raw in enumerate(self.lines, start=1):
            self._line(index, raw.rstrip())
        items = []
        for item in self.items:
            item.text = "".join(item._parts).strip()
            if item.text or item.lead_in:
                items.append(item)
            elif item._heading_ref is not None:
                item._heading_ref.item_count -= 1
        return ParseResult(items=items, headings=self.headings, skipped=self.skipped)

    def _line(self, index: int, line: str) -> None:
        if not line.strip():
            self.blank = True
            return
        if _FOOTNOTE_DEFINITION.match(line):
            self.skipped.append((index, line.strip()))
            self.current = None
            return
        if _PAGE_NUMBER.match(line):
            self.blank = True
            return
        title = _heading_title(line, self.matcher, self.blank or index == 1)
        if title:
            text, level = title
            names = self.mapping.get(text) or self.matcher.match(text)
            heading = Heading(text, names, index, level, mapped=text in self.mapping)
            while self.heading_stack and self.heading_stack[-1].level >= level:
                self.heading_stack.pop()
            if not heading.addressees and self.heading_stack:
                # "## On police" under "# Recommendations to Canada" is still to Canada.
                heading.addressees = list(self.heading_stack[-1].addressees)
                heading.inherited = bool(heading.addressees)
            self.heading_stack.append(heading)
            self.headings.append(heading)
            self._reset_list()
            self.blank = False
            return
        if self.has_headings and not self.heading_stack:
            self.skipped.append((index, line.strip()))  # prose before the first heading
            return
        marker = _MARKER.match(line)
        if marker and self._marker(index, marker):
            self.blank = False
            return
        self._text(index, line)
        self.blank = False

    def _marker(self, index: int, marker: re.Match) -> bool:
        indent = _indent_width(marker["indent"])
        rest = marker["rest"] or ""
        number = marker["num"] or marker["rnum"] or marker["dnum"]
        if number:
            # "1.2" is under "1" when "1" came before under the same heading.
            prefix = number.rpartition(".")[0]
            parent = self.numbered.get(prefix) if prefix else None
            item = self._new_item(number, parent, "number", indent, index)
            self.numbered[number] = item
            self.number_item = item
            self.letter_item = None
            self.last_letter = None
            self.last_roman = 0
        else:
            token = marker["alpha"]
            kind = self._alpha_kind(token, indent)
            if kind is None:
                return False
            if kind == "letter":
                parent = self.number_item
                number = f"{parent.number}.{token}" if parent else token
                item = self._new_item(number, parent, "letter", indent, index)
                self.letter_item = item
                self.last_letter = token
                self.last_roman = 0
            else:
                parent = self.letter_item or self.number_item
                number = f"{parent.number}.{token}" if parent else token
                self._new_item(number, parent, "roman", indent, index)
                self.last_roman = _roman_value(token)
        self._append(rest, join=" ")
        return True

    def _alpha_kind(self, token: str, indent: int) -> str | None:
        """Letter or roman numeral: "i" after "h" is the ninth letter, after "b:" a roman one."""
        is_roman = bool(_ROMAN.match(token))
        is_letter = len(token) == 1
        if not is_roman:
            return "letter" if is_letter else None
        if not is_letter:
            return "roman"
        next_letter = chr(ord(self.last_letter) + 1) if self.last_letter else "a"
        letter_fits = token == next_letter
        roman_fits = _roman_value(token) == self.last_roman + 1
        deeper = self.letter_item is not None and indent > self.letter_item.indent
        if letter_fits and roman_fits:
            return "roman" if deeper else "letter"
        if roman_fits:
            return "roman"
        if letter_fits:
            return "letter"
        return "roman" if deeper or self.last_roman else "letter"

    def _append(self, text: str, *, join: str) -> None:
        text = _clean_inline(text)
        if not text or self.current is None:
            return
        if self.current._parts and join:
            self.current._parts.append(join)
        self.current._parts.append(text)

    def _text(self, index: int, line: str) -> None:
        bullet = _PLAIN_BULLET.match(line)
        content = bullet["rest"] if bullet else line.strip()
        cleaned = _clean_inline(content)
        if not cleaned:
            return
        current = self.current
        if current is None:
            if bullet and self.heading_stack:
                # An unnumbered point straight under a heading: kept, with no number.
                self._new_item("", None, "bullet", _indent_width(bullet["indent"]), index)
                self._append(content, join=" ")
            else:
                self.skipped.append((index, line.strip()))
            return
        so_far = current._parts[-1].rstrip() if current._parts else ""
        ended = so_far.endswith(_TERMINAL)
        lower = cleaned[0].islower()
        if bullet and (so_far.endswith((":", ";")) or (not lower and not self.blank)):
            # A list inside the item: kept as a Markdown list.
            self._append(content, join="\n- ")
            return
        if not self.blank or lower or not ended or not so_far:
            # A wrapped line, or the rest of a sentence broken by a page break.
            self._append(content, join=" ")
            return
        self.skipped.append((index, line.strip()))
        self.current = None


def parse_recommendations(
    text: str,
    *,
    addressees: Iterable[tuple[str, Sequence[str]]] | Mapping[str, Sequence[str]] = (
        DEFAULT_ADDRESSEES
    ),
    default_addressee: str | None = None,
    heading_addressees: Mapping[str, Sequence[str]] | None = None,
) -> ParseResult:
    """Parse a pasted recommendations section; never raises on any text.

    ``addressees`` is a list of (canonical name, [aliases]); ``default_addressee`` (a name
    or an alias) goes to items whose headings name none; ``heading_addressees`` maps a
    heading as printed to the addressees the steering committee chose for it in the preview.
    """
    matcher = AddresseeMatcher(addressees)
    mapping = {}
    for heading, names in (heading_addressees or {}).items():
        if isinstance(names, str):
            names = [names]
        resolved = [matcher.resolve(name) for name in names or []]
        mapping[str(heading).strip()] = list(dict.fromkeys(n for n in resolved if n))
    return _Parser(text, matcher, matcher.resolve(default_addressee), mapping).run()
