"""Full-text search any app can use: query cleaning, matching, ranking, snippets.

The portal's texts are English or French, and a reader types either language on any
keyboard. So:

- **Both configurations.** A query is matched as English *and* as French (one OR-ed
  tsquery), so English stems find English texts and French stems French ones, in one
  GIN index scan.
- **Accents are optional.** Neither server offers ``unaccent`` on both sides (the
  embedded pgserver has no such extension), so accents are folded by us, the same way
  on both: the stored vector is built from ``fold_sql(text)`` (PostgreSQL's built-in
  ``normalize(..., NFKD)`` with the combining marks removed) and the query text goes
  through ``fold_accents`` (the same in Python). "securite" then finds "sécurité".
  Snippets are highlighted on the folded text, and the highlight is carried back to
  the original, accented text character by character (``_folded_pieces``).
- **The match is answered by the GIN index.** ``matching_ids`` keeps the match as its
  own subquery, and ``index_scans_for_search`` discourages the sequential scan the
  planner would otherwise choose for common words (it does not count the cost of
  unpacking each large TOASTed vector). Ranking reads a small vector, not the big one.

A model using this stores two vectors: a big weighted one for matching (GIN-indexed),
a small one (title, summary) for ranking; its app writes the SQL that fills them.
"""

import functools
import re
import unicodedata
from contextlib import contextmanager

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, Func, TextField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
CONFIGS = ("english", "french")
_WORD = re.compile(r"\w")


def clean_query(text) -> str:
    """The search text with control characters removed and its length capped.

    ``websearch_to_tsquery`` accepts any input (unbalanced quotes, stray operators),
    so nothing else needs escaping; NUL bytes are the one thing PostgreSQL refuses.
    Call it once, where the request is read; everything below takes cleaned text.
    """
    if not text:
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:  # cut at a word's end: half a word finds nothing
        cut = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0]
        text = cut if cut and len(cut) <= MAX_QUERY_LENGTH else text[:MAX_QUERY_LENGTH]
    return text if _WORD.search(text) else ""  # only punctuation: nothing to look for


# --- accent folding ---------------------------------------------------------------------

# Compatibility decomposition (NFKD), then the combining marks dropped: "é" -> "e",
# "ﬁ" -> "fi". PostgreSQL's built-in normalize() and regexp_replace() do it in SQL
# (fast: ~1 ms per 100,000 characters), Python's unicodedata here, the same ranges.
COMBINING_MARKS = [(0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF),
                   (0xFE20, 0xFE2F)]  # fmt: skip
_MARK_CLASS = "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in COMBINING_MARKS)
_DROP_MARKS = dict.fromkeys(code for low, high in COMBINING_MARKS for code in range(low, high + 1))


def fold_accents(text: str) -> str:
    """The text without accents ("liquidités" -> "liquidites"), as ``fold_sql`` does it."""
    return unicodedata.normalize("NFKD", text).translate(_DROP_MARKS)


def fold_sql(expression: str) -> str:
    """SQL folding the accents of ``expression`` exactly as ``fold_accents`` does.

    Built-in functions of every PostgreSQL from 13 on (UTF-8 databases): no extension.
    """
    return f"regexp_replace(normalize({expression}, NFKD), '[{_MARK_CLASS}]', '', 'g')"


class Fold(Func):
    """``fold_sql`` as an ORM expression."""

    template = fold_sql("%(expressions)s")
    output_field = TextField()


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return fold_accents(ch)


def _folded_pieces(source: str):
    """``source`` folded, and for each folded character the original text it shows.

    A letter may fold to several (a ligature), or a mark to none (it stays with the
    letter before it), so the two texts are matched character by character.
    """
    if source.isascii():  # most English text: nothing to fold
        return source, source
    if all(len(_fold_char(ch)) == 1 for ch in set(source) if ch >= "\x80"):
        return fold_accents(source), source  # one letter for one letter (most French)
    folded, pieces = [], []
    for ch in source:
        base = ch if ch < "\x80" else _fold_char(ch)
        if base:
            folded.append(base)
            pieces.append(ch)
            pieces.extend([""] * (len(base) - 1))
        elif pieces:
            pieces[-1] += ch
    return "".join(folded), pieces


# --- matching and ranking ----------------------------------------------------------------


def search_query(text: str):
    """The cleaned query in both languages, accents folded, as one OR-ed tsquery."""
    folded = fold_accents(text)
    query = SearchQuery(folded, config=CONFIGS[0], search_type="websearch")
    for config in CONFIGS[1:]:
        query |= SearchQuery(folded, config=config, search_type="websearch")
    return query


def matching_ids(table: str, vector_column: str, text: str) -> RawSQL:
    """The ids of ``table`` whose ``vector_column`` matches, as a subquery kept apart.

    ``OFFSET 0`` stops the planner from merging it into the outer query, so the match
    is always a GIN bitmap scan that never opens the large TOASTed vectors, instead of
    being tested row by row after other filters (10-50 times slower at 20,000 rows).
    ``table`` and ``vector_column`` are code's names, never a visitor's.
    """
    folded = fold_accents(text)
    tsquery = " || ".join(f"websearch_to_tsquery('{config}'::regconfig, %s)" for config in CONFIGS)
    return RawSQL(
        f'SELECT id FROM "{table}" WHERE "{vector_column}" @@ ({tsquery}) OFFSET 0',
        [folded] * len(CONFIGS),
    )


def rank(vector_field: str, text: str) -> SearchRank:
    """Relevance read from the small ranking vector (cheap at any size)."""
    return SearchRank(F(vector_field), search_query(text))


@contextmanager
def index_scans_for_search():
    """Run a search's queries with sequential scans discouraged.

    The planner does not count the cost of unpacking each row's large TOASTed
    vector: for a word found in many rows it picks a sequential scan that takes
    100-200 ms at 20,000 documents, where the GIN bitmap scan takes a few.
    ``SET LOCAL`` confines the setting to this transaction.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


# --- snippets -----------------------------------------------------------------------------

# Private-use characters mark the highlighted words and separate fragments, so the
# text can be escaped whole and the marks turned into <mark> afterwards: no HTML from
# a text gets through.
_START, _STOP, _BETWEEN = "\ue000", "\ue001", "\ue002"
_MARKS = {_START, _STOP}
# Markdown syntax that reads as noise in a snippet: headings, emphasis, footnote marks.
_MARKDOWN_NOISE = re.compile(r"\[\^[^\]]*\]:?|#+ |\*\*|__|`")


def _aligned(fragment, folded, pieces, start):
    """The fragment read from the original text, from ``start`` on, or None.

    ``ts_headline`` copies the text's words and spaces, and writes an HTML-like tag of
    the source as one space; anything else must match letter for letter.
    """
    result, j = [], start
    for ch in fragment:
        if ch in _MARKS:
            result.append(ch)
            continue
        while True:
            if j >= len(folded):
                return None
            if folded[j] == ch or (ch.isspace() and folded[j].isspace()):
                result.append(pieces[j])
                j += 1
                break
            if folded[j] == "<" and (end := folded.find(">", j)) >= 0:
                j = end + 1
                if ch.isspace():  # the tag became this space
                    result.append(" ")
                    break
                continue
            return None
    return "".join(result)


def _with_accents(fragment: str, folded: str, pieces: list) -> str:
    """The highlighted fragment of the folded text, with the original's accents back."""
    words = "".join(ch for ch in fragment if ch not in _MARKS).split()
    if not words:
        return fragment
    start = folded.find(words[0])
    for _ in range(50):  # the first word's occurrences, until one aligns
        if start < 0:
            break
        aligned = _aligned(fragment.lstrip(), folded, pieces, start)
        if aligned is not None:
            return aligned
        start = folded.find(words[0], start + 1)
    return fragment  # should not happen; the folded text still reads


def headlines(queryset, text: str, *, source, config) -> dict:
    """Highlighted snippets ``{pk: safe HTML}`` for the rows of a (small, visible) queryset.

    ``source`` is the text expression to cut snippets from (keep it short:
    ``ts_headline``'s cost grows with it), ``config`` the row's text search
    configuration. The highlight is computed on the folded text, so "securite" marks
    "sécurité", and the snippet shows the original text. Rows with no highlighted word
    get no snippet.
    """
    if not text:
        return {}
    rows = queryset.annotate(
        snippet_source=source,
        snippet=SearchHeadline(
            Fold(source),
            search_query(text),
            config=config,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=22,
            min_words=10,
            max_fragments=2,
            fragment_delimiter=_BETWEEN,
        ),
    ).values_list("pk", "snippet", "snippet_source")
    result = {}
    for pk, snippet, original in rows:
        if not snippet or _START not in snippet:
            continue
        folded, pieces = _folded_pieces(original)
        snippet = " … ".join(
            _with_accents(fragment, folded, pieces) for fragment in snippet.split(_BETWEEN)
        )
        snippet = _MARKDOWN_NOISE.sub(" ", snippet)
        html = escape(" ".join(snippet.split())).replace(_START, "<mark>").replace(_STOP, "</mark>")
        result[pk] = mark_safe(html)
    return result
