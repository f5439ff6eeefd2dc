"""Cards rendered in Python show exactly what the card template showed, in both languages."""

import datetime
import itertools

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from documents.cards import CardRenderer, document_cards
from documents.models import Document, ThematicArea

# The card template as it was before cards were rendered in Python (the reference).
CARD_TEMPLATE = """{% load i18n %}<article class="card doc-card">
  {% if document.thumbnail %}<img class="cover" src="{{ document.get_absolute_url }}cover.webp" width="{{ document.thumbnail_width }}" height="{{ document.thumbnail_height }}" alt="{% blocktranslate with title=document.title %}Cover of “{{ title }}”{% endblocktranslate %}" loading="lazy" decoding="async">{% else %}<span class="cover cover--placeholder" aria-hidden="true"><span>{{ document.get_document_type_display }}</span>{% if document.file_type %}<span>{{ document.file_type|upper }}</span>{% endif %}</span>{% endif %}
  <h3 class="card-title"><a href="{{ document.get_absolute_url }}"{% if document.language != LANGUAGE_CODE %} lang="{{ document.language }}"{% endif %}>{{ document.title }}</a></h3>
  {% if document.subtitle %}<p class="doc-card-subtitle"{% if document.language != LANGUAGE_CODE %} lang="{{ document.language }}"{% endif %}>{{ document.subtitle }}</p>{% endif %}
  <p class="meta">{{ document.get_document_type_display }} · <time datetime="{{ document.publication_date|date:'Y-m-d' }}">{{ document.display_date }}</time> · {{ document.get_language_display }}{% if document.file_type %} · {{ document.file_type|upper }}{% endif %}
    {% if document.visibility == "members" %}<span class="badge badge--members">{% translate "Members only" %}</span>{% elif document.visibility == "steering" %}<span class="badge badge--steering">{% translate "Steering committee only" %}</span>{% endif %}
    {% if document.status == "draft" %}<span class="badge badge--draft">{% translate "Draft" %}</span>{% elif document.status == "archived" %}<span class="badge badge--archived">{% translate "Archived" %}</span>{% endif %}
  </p>
  {% if document.snippet %}<p class="snippet"{% if document.language != LANGUAGE_CODE %} lang="{{ document.language }}"{% endif %}>{{ document.snippet }}</p>{% endif %}
  {% with themes=document.theme_list %}{% if themes %}
  <ul class="tag-list" aria-label="{% translate 'Thematic areas' %}">{% for theme in themes %}<li><a href="{{ theme.get_absolute_url }}">{{ theme.label }}</a></li>{% endfor %}</ul>
  {% endif %}{% endwith %}
</article>"""  # noqa: E501

THEMES = [
    ThematicArea(pk=1, name="Protection of civilians", name_fr="Protection des civils", slug="poc"),
    ThematicArea(pk=2, name="Women, peace & security", name_fr="Femmes, paix", slug="wps"),
]


def _documents():
    """Every combination the card distinguishes: language, subtitle, file, badges, snippet."""
    combos = itertools.product(
        ["en", "fr"],
        ["", "A <subtitle> & more"],
        ["", "pdf"],
        ["public", "members", "steering"],
        ["published", "draft", "archived"],
        [None, mark_safe("the <mark>mandate</mark> &amp; its &lt;limits&gt;")],
        [[], THEMES],
        ["day", "month", "year"],
    )
    for n, (
        language,
        subtitle,
        file_type,
        visibility,
        status,
        snippet,
        themes,
        precision,
    ) in enumerate(combos):
        document = Document(
            pk=n + 1,
            title=f'Report <b>"{n}"</b> & co',
            slug=f"report-{n}",
            subtitle=subtitle,
            document_type=["report", "fact_sheet", "policy_brief"][n % 3],
            publication_date=datetime.date(2007, 3, 15) + datetime.timedelta(days=n),
            date_precision=precision,
            language=language,
            file_type=file_type,
            visibility=visibility,
            status=status,
        )
        if snippet is not None:
            document.snippet = snippet
        if file_type and n % 3 == 0:  # a rendered cover
            document.thumbnail = f"thumbnails/{n}-abc.webp"
            document.thumbnail_width, document.thumbnail_height = 240, 311
        document.theme_list = themes
        yield document


@pytest.mark.parametrize("language", ["en", "fr"])
def test_python_cards_equal_the_card_template(language, french_catalogue):
    template = Template(CARD_TEMPLATE)
    with translation.override(language):
        renderer = CardRenderer()
        documents = list(_documents())
        for document in documents:
            expected = template.render(Context({"document": document, "LANGUAGE_CODE": language}))
            assert renderer.card(document) == expected
        items = document_cards(documents[:3])
    assert items.startswith("<li><article") and items.count("<li><article") == 3


def test_cards_escape_what_documents_hold():
    document = next(_documents())
    document.title = "<script>alert(1)</script>"
    html = CardRenderer().card(document)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_french_cards_link_to_french_addresses(french_catalogue):
    with translation.override("fr"):
        document = next(_documents())
        document.theme_list = THEMES
        html = CardRenderer().card(document)
    assert 'href="/fr/library/report-0/"' in html
    assert '<a href="/fr/themes/poc/">Protection des civils</a>' in html


# The facet options' loop as it was before it was rendered in Python (the reference).
FACET_LOOP = """{% load i18n %}{% for option in options %}
    <li><a href="{{ option.url }}"{% if option.selected %} aria-current="true" class="facet-selected"{% endif %}>{{ option.label }} <span class="facet-count">({{ option.count }})</span>{% if option.selected %}<span class="visually-hidden"> {% translate "(selected; remove this filter)" %}</span>{% endif %}</a></li>
  {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["en", "fr"])
def test_python_facet_items_equal_the_facet_loop(language, french_catalogue):
    from types import SimpleNamespace

    from documents.cards import facet_items

    options = [
        SimpleNamespace(value=v, label=label, count=count, url=url, selected=selected)
        for v, label, count, url, selected in [
            ("report", "Report", 12345, "/library/?type=report&q=a+%22b%22", False),
            ("2007", 2007, 3, "/library/?year=2007&theme=x", True),
            ("una", 'UNA <"Canada"> & co', 1, "/library/?organization=una", False),
        ]
    ]
    with translation.override(language):
        expected = Template(FACET_LOOP).render(Context({"options": options}))
        assert facet_items(options) == expected
