"""powg.bilingual: the text in the request's language, else the other one, saying which."""

import copy
import pickle

from django.template import Context, Template
from django.utils import translation

from powg.bilingual import Localized, LocalizedField, current_language, french_spacing, pick


class Thing:
    title_field = LocalizedField("title")
    name_field = LocalizedField("name", french="nom")

    def __init__(self, title="", title_fr="", name="", nom=""):
        self.title, self.title_fr, self.name, self.nom = title, title_fr, name, nom


def test_current_language_folds_regional_variants():
    for code, expected in [("en", "en"), ("en-ca", "en"), ("fr", "fr"), ("fr-ca", "fr")]:
        with translation.override(code):
            assert current_language() == expected


def test_pick_prefers_the_requests_language_and_says_so():
    with translation.override("fr"):
        text = pick("Roundtable", "Table ronde")
        assert text == "Table ronde"
        assert (text.lang, text.wanted, text.is_fallback, text.lang_attr) == ("fr", "fr", False, "")
    with translation.override("en"):
        text = pick("Roundtable", "Table ronde")
        assert text == "Roundtable" and text.lang == "en" and not text.is_fallback


def test_pick_falls_back_to_the_other_language_and_marks_it():
    with translation.override("fr"):
        text = pick("Roundtable", "  ")
        assert text == "Roundtable" and text.lang == "en" and text.is_fallback
        assert text.lang_attr == ' lang="en"'
        assert text.as_html == '<span lang="en">Roundtable</span>'
    with translation.override("en"):
        text = pick("", "Table ronde")
        assert text == "Table ronde" and text.lang == "fr" and text.is_fallback
        assert text.lang_attr == ' lang="fr"'


def test_nothing_in_either_language_is_empty_and_unmarked():
    text = pick("", None, language="fr")
    assert text == "" and not text.is_fallback and text.lang_attr == ""


def test_explicit_language_wins_over_the_request():
    with translation.override("en"):
        assert pick("Roundtable", "Table ronde", language="fr") == "Table ronde"


def test_as_html_escapes_the_text_in_both_cases():
    assert pick("<b>&</b>", "", language="en").as_html == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert pick("<b>", "", language="fr").as_html == '<span lang="en">&lt;b&gt;</span>'


def test_localized_field_reads_the_pair_on_each_access():
    thing = Thing(title="Agenda", title_fr="Programme", name="Canada", nom="")
    with translation.override("fr"):
        assert thing.title_field == "Programme"
        assert thing.name_field == "Canada" and thing.name_field.is_fallback
    with translation.override("en"):
        assert thing.title_field == "Agenda"
    assert isinstance(Thing.title_field, LocalizedField)


def test_a_template_marks_only_the_fallback():
    template = Template("<h1{{ t.lang_attr }}>{{ t }}</h1>")
    french = Localized("Bonjour & bienvenue", lang="fr", wanted="fr")
    english = Localized("Hello <there>", lang="en", wanted="fr")
    assert template.render(Context({"t": french})) == "<h1>Bonjour &amp; bienvenue</h1>"
    assert template.render(Context({"t": english})) == '<h1 lang="en">Hello &lt;there&gt;</h1>'


def test_french_spacing_puts_no_break_spaces_before_high_punctuation():
    assert french_spacing("Atelier : « vite » ; pourquoi ? oui !") == (
        "Atelier\u00a0: «\u00a0vite\u00a0»\u202f; pourquoi\u202f? oui\u202f!"
    )
    assert french_spacing("https://example.org/a:b") == "https://example.org/a:b"


def test_a_localized_text_survives_pickling_and_copying():
    text = Localized("Roundtable", lang="en", wanted="fr")
    for clone in [pickle.loads(pickle.dumps(text)), copy.copy(text), copy.deepcopy(text)]:
        assert clone == "Roundtable" and isinstance(clone, Localized)
        assert (clone.lang, clone.wanted, clone.is_fallback) == ("en", "fr", True)
