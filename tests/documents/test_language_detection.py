"""The language of a document's text, as the archive import detects it."""

import pytest

from documents.language_detection import DOUBTFUL_BELOW, MAX_CHARS, detect_language

# Not for the database: the shared fixtures (an emptied cache, an empty job queue) need one.
pytestmark = pytest.mark.django_db

ENGLISH = (
    "The working group recommends that the Security Council give peace operations "
    "mandates they can carry out, with the civilian experts, police and resources "
    "that the protection of civilians requires."
)
FRENCH = (
    "Le groupe de travail recommande que le Conseil de sécurité confie aux opérations "
    "de paix des mandats réalisables, avec les experts civils, la police et les "
    "ressources qu’exige la protection des civils."
)


def test_an_english_paragraph_is_english_and_sure():
    language, confidence = detect_language(ENGLISH)
    assert language == "en"
    assert confidence >= DOUBTFUL_BELOW


def test_a_french_paragraph_is_french_and_sure():
    language, confidence = detect_language(FRENCH)
    assert language == "fr"
    assert confidence >= DOUBTFUL_BELOW


def test_no_text_is_no_language():
    assert detect_language("") == (None, 0.0)
    assert detect_language("   \n 12 ") == (None, 0.0)


def test_too_few_words_are_not_judged():
    assert detect_language("ok") == (None, 0.0)
    assert detect_language("p. 12 — UN") == (None, 0.0)


def test_a_title_in_both_languages_is_doubtful():
    for text in (
        "Rapport Report 2007 Ottawa Canada",
        "Peace operations. Opérations de paix. Protection of civilians. Protection des civils.",
    ):
        language, confidence = detect_language(text)
        assert language in ("en", "fr")
        assert 0 < confidence < DOUBTFUL_BELOW


def test_only_the_beginning_of_a_long_text_is_read():
    # French first, then far more English than French: the beginning decides.
    language, _ = detect_language(FRENCH * (MAX_CHARS // len(FRENCH) + 1) + ENGLISH * 200)
    assert language == "fr"
