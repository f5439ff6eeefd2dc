"""powg.search on real PostgreSQL: folding agrees in SQL and Python, snippets keep accents."""

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F, Value

from documents.models import Document
from powg import search
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


LATIN = "".join(chr(code) for code in range(0xC0, 0x250))


def test_sql_and_python_fold_every_letter_the_same_way():
    """The vector side (SQL) and the query side (Python) must agree exactly."""
    sample = LATIN + " Liquidités, SÉCURITÉ, Œuvre, ﬁn, naïve, ça, e\u0301, Ωμέγα, 0x41"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {search.fold_sql('%s')}", [sample])
        (folded_in_sql,) = cursor.fetchone()
    assert folded_in_sql == search.fold_accents(sample)
    assert (
        search.fold_accents("Liquidités, SÉCURITÉ, naïve, ça") == "Liquidites, SECURITE, naive, ca"
    )
    assert search.fold_accents("ﬁn e\u0301") == "fin e"


def test_folded_pieces_map_back_to_the_original():
    for text in ["Sécurité", "ﬁn de l'œuvre", "e\u0301te\u0301", LATIN]:
        folded, pieces = search._folded_pieces(text)
        assert folded == search.fold_accents(text)
        assert len(pieces) == len(folded) and "".join(pieces) == text


def test_fold_expression_in_the_orm():
    document = DocumentFactory(title="Sécurité à Lévis")
    folded = (
        Document.objects.filter(pk=document.pk)
        .annotate(folded=search.Fold("title"))
        .values_list("folded", flat=True)
        .get()
    )
    assert folded == "Securite a Levis"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  rapid\x00 deployment\n", "rapid deployment"),
        ('"unbalanced', '"unbalanced'),
        ("?!", ""),
        ("", ""),
        (None, ""),
        ("word " * 60, ("word " * 40).strip()),
    ],
)
def test_clean_query(raw, clean):
    assert search.clean_query(raw) == clean


def test_matching_ids_and_rank_with_and_without_accents():
    """Any table with a vector column can use the GIN-only subquery; accents are optional."""
    french = DocumentFactory(title="Rapport", summary="", body="", language="fr")
    other = DocumentFactory(title="Other", summary="", body="")
    vector = SearchVector(search.Fold(Value("La sécurité des opérations")), config="french")
    Document.objects.filter(pk=french.pk).update(search_vector=vector, rank_vector=vector)
    Document.objects.filter(pk=other.pk).update(search_vector=None)
    for text in ["securite", "sécurité", "SÉCURITÉ des operations"]:
        ids = Document.objects.filter(
            pk__in=search.matching_ids("documents_document", "search_vector", text)
        )
        assert list(ids) == [french], text
        ranked = Document.objects.filter(pk=french.pk).annotate(
            rank=search.rank("rank_vector", text)
        )
        assert ranked.get().rank > 0
    assert not Document.objects.filter(
        pk__in=search.matching_ids("documents_document", "search_vector", "liquidity")
    ).exists()


@pytest.mark.parametrize(
    "summary",
    [
        "La <b>sécurité</b> collective et la crise de liquidités des missions.",
        'Un  texte\n\nsur la <i>sécurité</i>, les "missions" et l\'ONU; liquidités.',
    ],
)
def test_headlines_mark_folded_words_on_the_accented_text(summary):
    document = DocumentFactory(title="Note", summary=summary, body="", language="fr")
    queryset = Document.objects.filter(pk=document.pk)
    for text in ["securite liquidites", "sécurité liquidités"]:
        html = search.headlines(queryset, text, source=F("summary"), config=Value("french"))
        html = html[document.pk]
        assert "<mark>sécurité</mark>" in html, html
        assert "<mark>liquidités</mark>" in html, html
        assert "<b>" not in html  # the text is escaped: the only tags are our marks
        assert html.count("<mark>") == 2
    assert (
        search.headlines(queryset, "ceasefire", source=F("summary"), config=Value("french")) == {}
    )
    assert search.headlines(queryset, "", source=F("summary"), config=Value("french")) == {}


def test_index_scans_for_search_discourages_sequential_scans():
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
    with search.index_scans_for_search():
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone()[0] == "off"


def test_the_embedded_server_folds_the_same_way(tmp_path):
    """The embedded pgserver (no unaccent there) folds like the Debian server and Python."""
    import psycopg2

    from powg.embedded_db import embedded_database_url, stop_embedded_database

    pgdata = tmp_path / "pgdata"
    try:
        uri = embedded_database_url(pgdata)
        sample = LATIN + " Liquidités, SÉCURITÉ, ﬁn, e\u0301"
        with psycopg2.connect(uri) as embedded, embedded.cursor() as cursor:
            cursor.execute(f"SELECT {search.fold_sql('%s')}", [sample])
            assert cursor.fetchone()[0] == search.fold_accents(sample)
            cursor.execute(
                "SELECT to_tsvector('french', " + search.fold_sql("%s") + ") @@ "
                "websearch_to_tsquery('french', %s)",
                ["La crise de liquidités", search.fold_accents("liquidites")],
            )
            assert cursor.fetchone()[0] is True
    finally:
        stop_embedded_database(pgdata)
