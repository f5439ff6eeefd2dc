"""The language of a document's text, English or French, for the archive import.

Lingua (restricted to the two languages the portal publishes in) is accurate on a
paragraph and unsure on a few words; its detector takes a moment and some memory to
build, so it is built once, on first use.
"""

import functools
import re

# Under this confidence the import shows the detected language as doubtful, for the
# steering committee to confirm. Lingua is sure of itself on short phrases (a title in
# both languages scores ~0.88), so the bar is high.
DOUBTFUL_BELOW = 0.9
# A paragraph decides the language; reading a whole report would only cost time.
MAX_CHARS = 5_000
# Fewer words or letters than this is no text to judge (a stamp, a page number, "ok").
MIN_WORDS = 3
MIN_LETTERS = 15
_WORD = re.compile(r"[^\W\d_]{2,}")


@functools.cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH).build()


def detect_language(text: str) -> tuple[str | None, float]:
    """("en" or "fr", confidence from 0 to 1), or (None, 0.0) when too little text."""
    from lingua import Language

    sample = (text or "")[:MAX_CHARS]
    words = _WORD.findall(sample)
    if len(words) < MIN_WORDS or sum(len(word) for word in words) < MIN_LETTERS:
        return None, 0.0
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    best = values[0]
    code = "fr" if best.language == Language.FRENCH else "en"
    return code, round(float(best.value), 3)
