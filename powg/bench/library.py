"""The library's part of the benchmark: 20,000 generated documents, its pages, their limits.

A page's "limit" is the bare SQL any such page needs, written here by hand so it stays
the same whatever the library's code becomes: the ids of the 20 documents shown and
the total count; for a search, the GIN match (``search_vector @@``) and the rank from
the small ``rank_vector``, with sequential scans off as the library runs its searches.
"""

import random
import string
import time
from datetime import date, timedelta

from django.db import connection, transaction

from powg.bench.timing import Page

EN_WORDS = (
    "peacekeeping peacekeepers mission missions operation operations civilian civilians "
    "protection mandate mandates council security police rule law justice deployment "
    "rapid capacity standing troops contributors funding budget liquidity reform review "
    "regional african union partnership women gender participation training centre "
    "roster experts governance elections human rights ceasefire political process "
    "settlement transition recovery disarmament demobilization reintegration sector "
    "accountability performance technology data early warning prevention mediation "
    "canada canadian government ngo civil society report recommendation roundtable "
    "forum webinar conference consultation submission brief statement fact sheet"
).split()
FR_WORDS = (
    "maintien paix opération opérations civils protection mandat conseil sécurité "
    "police état droit justice déploiement rapide capacité permanente troupes "
    "financement budget crise liquidités réforme examen régional union africaine "
    "partenariat femmes participation formation experts gouvernance élections droits "
    "personne cessez-le-feu processus politique transition relèvement désarmement "
    "réintégration responsabilité performance technologie prévention médiation canada "
    "gouvernement société civile rapport recommandation table ronde forum"
).split()
FILLER = ["the", "of", "and", "to", "in", "a", "for", "on", "with", "by", "that", "is"]
FR_FILLER = ["le", "la", "les", "de", "des", "et", "à", "en", "du", "pour", "dans", "un"]
RARE_PHRASE = "quick impact projects"  # in 1% of the documents
COMMON_WORD = "peacekeeping"
FILTER_WORD = "mandate"
TYPES = [
    "report",
    "roundtable_report",
    "concept_note",
    "submission",
    "briefing_note",
    "fact_sheet",
    "statement",
    "policy_brief",
]
PER_PAGE = 20


def _vocabulary(rng, base, filler, size=4000):
    """Real domain words plus a long tail of made-up ones, Zipf-weighted."""
    tail = {"".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 10))) for _ in range(size)}
    words = filler + base + sorted(tail)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


def fill(count, words_per_document, log, rng=None):
    """Themes, 40 organizations, 200 keywords and ``count`` documents with their vectors."""
    from django.contrib.auth.models import Group
    from taggit.models import Tag

    from documents.demo import load_thematic_areas
    from documents.models import Document, KeywordedDocument, ThematicArea, ThemedDocument
    from members.models import Organization
    from powg.roles import MEMBERS_GROUP, STEERING_GROUP

    rng = rng or random.Random(20_000)
    start = time.perf_counter()
    for group in (MEMBERS_GROUP, STEERING_GROUP):
        Group.objects.get_or_create(name=group)
    load_thematic_areas(lambda message: None)
    theme_ids = list(ThematicArea.objects.values_list("pk", flat=True))
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Bench organization {n}", slug=f"bench-organization-{n}")
        for n in range(40)
    )
    org_ids = [o.pk for o in organizations]
    en_vocab = _vocabulary(rng, EN_WORDS, FILLER)
    fr_vocab = _vocabulary(rng, FR_WORDS, FR_FILLER)
    through_orgs = Document.publishing_organizations.through
    keywords = Tag.objects.bulk_create(
        Tag(name=f"keyword {n}", slug=f"keyword-{n}") for n in range(200)
    )
    batch = 1000
    first_day = date(1995, 1, 1)
    log(f"Filling {count} documents of ~{words_per_document} words...")
    for offset in range(0, count, batch):
        rows = []
        for n in range(offset, min(offset + batch, count)):
            french = rng.random() < 0.2
            words, weights = fr_vocab if french else en_vocab
            body_words = rng.choices(words, weights, k=words_per_document)
            if rng.random() < 0.01:
                body_words[rng.randrange(len(body_words))] = RARE_PHRASE
            title_words = rng.choices(words[12:60], k=rng.randint(4, 9))
            paragraphs = [
                " ".join(body_words[i : i + 120]).capitalize() + "."
                for i in range(0, len(body_words), 120)
            ]
            visibility = rng.choices(["public", "members", "steering"], [85, 10, 5])[0]
            status = rng.choices(["published", "archived", "draft"], [90, 5, 5])[0]
            rows.append(
                Document(
                    title=" ".join(title_words).capitalize() + f" {n}",
                    slug=f"bench-document-{n}",
                    document_type=rng.choice(TYPES),
                    summary=" ".join(rng.choices(words, weights, k=60)).capitalize() + ".",
                    body="\n\n".join(paragraphs),
                    publication_date=first_day + timedelta(days=rng.randrange(31 * 365)),
                    date_precision=rng.choice(["day", "day", "month", "year"]),
                    language="fr" if french else "en",
                    visibility=visibility,
                    status=status,
                    authors=[f"Author {rng.randrange(500)}"],
                )
            )
        with transaction.atomic():
            created = Document.objects.bulk_create(rows)
            ThemedDocument.objects.bulk_create(
                ThemedDocument(content_object_id=d.pk, tag_id=t)
                for d in created
                for t in rng.sample(theme_ids, rng.randint(1, 3))
            )
            through_orgs.objects.bulk_create(
                through_orgs(document_id=d.pk, organization_id=o)
                for d in created
                for o in rng.sample(org_ids, rng.randint(1, 2))
            )
            KeywordedDocument.objects.bulk_create(
                KeywordedDocument(content_object_id=d.pk, tag_id=k.pk)
                for d in created
                for k in rng.sample(keywords, 2)
            )
        log(f"  inserted {offset + len(rows):>6}/{count}  ({time.perf_counter() - start:5.1f} s)")
    _pair_translations(rng, log)
    from documents.facets import forget_cached_facets
    from documents.search_vectors import refresh_search_vectors_between as refresh_between

    ids = Document.objects.order_by("pk").values_list("pk", flat=True)
    first, last = ids.first(), ids.last()
    step = 2000
    for low in range(first, last + 1, step):
        refresh_between(low, min(low + step - 1, last))
        done = min(low + step - 1, last) - first + 1
        log(f"  search vectors {done:>6}/{count}  ({time.perf_counter() - start:5.1f} s)")
    forget_cached_facets()  # rows were written in bulk: no service told the cache
    log(f"Filled {count} documents in {time.perf_counter() - start:.1f} s.")


def _pair_translations(rng, log, share=0.6):
    """Pair ``share`` of the French documents with an English one, both sides linked
    (as ``documents.services.pair_documents`` keeps them): the library lists a pair once.
    Runs before the search vectors are computed, which copy the theme links."""
    from documents.models import Document

    french = list(Document.objects.filter(language="fr").values_list("pk", flat=True))
    english = list(Document.objects.filter(language="en").values_list("pk", flat=True))
    rng.shuffle(english)
    firsts = rng.sample(french, int(len(french) * share))
    seconds = english[: len(firsts)]
    pairs = list(zip(firsts, seconds, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE documents_document AS d SET other_language_version_id = p.other"
            " FROM unnest(%s::int[], %s::int[]) AS p(id, other) WHERE d.id = p.id",
            [[*firsts, *seconds], [*seconds, *firsts]],
        )
        # A translation carries its original's thematic areas.
        cursor.execute(
            "DELETE FROM documents_themeddocument WHERE content_object_id = ANY(%s)", [firsts]
        )
        cursor.execute(
            "INSERT INTO documents_themeddocument (content_object_id, tag_id)"
            " SELECT p.french, t.tag_id FROM unnest(%s::int[], %s::int[]) AS p(french, english)"
            " JOIN documents_themeddocument AS t ON t.content_object_id = p.english",
            [firsts, seconds],
        )
    log(f"  paired {len(pairs)} French documents with English ones (same themes)")


def _array_type(column):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
            " WHERE attrelid = 'documents_document'::regclass AND attname = %s",
            [column],
        )
        return cursor.fetchone()[0]


def limit_sql(*, where="", params=(), language="", text=None, offset=0):
    """The bare queries of one page of the library: its 20 ids and the total count.

    As the page lists them for an anonymous English reader: a pair of translations is
    one row, shown as its English version (where that is listed), found when either
    version matches ``where`` (conditions on ``{t}``, the row's alias) and the search;
    ``language`` keeps the shown versions in it. Without a search: the ids from the
    ``-publication_date, -id`` order and a count. With one: the match on
    ``search_vector`` (the GIN index or the filters' indexes), ranked on
    ``rank_vector`` (a pair by its better version), read once, paged and counted in
    one statement.
    """
    listed = (
        "{t}.visibility = 'public' AND {t}.status = 'published'"
        " AND ({t}.published_at IS NULL OR {t}.published_at <= now())"  # not scheduled
    )
    # The version that stands for a pair: the English one, where its partner is listed.
    partner = (
        "LEFT JOIN documents_document AS c ON c.id = {t}.other_language_version_id"
        f" AND {listed.format(t='c')}"
    )
    stands_for = "CASE WHEN c.language = 'en' AND {t}.language <> 'en' THEN c.id ELSE {t}.id END"
    params = list(params)
    shown_language = " AND d.language = %s" if language else ""
    language_params = [language] if language else []
    if text is None:
        narrow = f" AND ({where.format(t='d')} OR {where.format(t='c')})" if where else ""
        condition = (
            f"{listed.format(t='d')}"
            " AND (c.id IS NULL OR NOT (c.language = 'en' AND d.language <> 'en'))"
            f"{narrow}{shown_language}"
        )
        rows = f"FROM documents_document AS d {partner.format(t='d')} WHERE {condition}"
        values = [*params, *params, *language_params] if where else language_params
        statements = [
            (
                f"SELECT d.id {rows} ORDER BY d.publication_date DESC, d.id DESC"
                f" LIMIT {PER_PAGE} OFFSET {int(offset)}",
                values,
            ),
            (f"SELECT count(*) {rows}", values),
        ]
    else:
        narrow = f" AND {where.format(t='x')}" if where else ""
        statements = [
            (
                "WITH q AS (SELECT websearch_to_tsquery('english'::regconfig, %s)"
                " || websearch_to_tsquery('french'::regconfig, %s) AS query),"
                " m AS MATERIALIZED (SELECT x.id, x.language, x.other_language_version_id,"
                " ts_rank(x.rank_vector, q.query) AS rank"
                f" FROM documents_document AS x, q WHERE x.search_vector @@ q.query"
                f" AND {listed.format(t='x')}{narrow}),"
                f" s AS MATERIALIZED (SELECT d.id, d.publication_date, max(m.rank) AS rank"
                f" FROM m {partner.format(t='m')}"
                f" JOIN documents_document AS d ON d.id = {stands_for.format(t='m')}"
                f" WHERE true{shown_language} GROUP BY d.id, d.publication_date)"
                " SELECT id, (SELECT count(*) FROM s) FROM s"
                " ORDER BY rank DESC, publication_date DESC, id DESC"
                f" LIMIT {PER_PAGE} OFFSET {int(offset)}",
                [text, text, *params, *language_params],
            )
        ]

    def run():
        """The page's ids in order and the total (tests check the page shows the same)."""
        with transaction.atomic(), connection.cursor() as cursor:
            if text is not None:
                cursor.execute("SET LOCAL enable_seqscan = off")
            rows = []
            for sql, values in statements:
                cursor.execute(sql, values)
                rows.append(cursor.fetchall())
        if text is None:
            return [pk for (pk,) in rows[0]], rows[1][0][0]
        return [pk for pk, _ in rows[0]], (rows[0][0][1] if rows[0] else 0)

    return run


def pages() -> list[Page]:
    """The library's pages with their limits, the reading and home pages, and About."""
    from documents.models import Document, ThematicArea

    theme = ThematicArea.objects.order_by("display_order", "name").first()
    long_read = Document.objects.visible_to(None).published().order_by("-pk").first()
    in_theme = "{t}.theme_ids @> ARRAY[%s]::" + _array_type("theme_ids")
    return [
        Page("list", "/library/", limit_sql()),
        Page("list, page 5", "/library/?page=5", limit_sql(offset=4 * PER_PAGE)),
        Page(
            "faceted list (2 filters)",
            f"/library/?theme={theme.slug}&type=report",
            limit_sql(where=in_theme + " AND {t}.document_type = %s", params=[theme.pk, "report"]),
        ),
        Page(
            "search, common word",
            f"/library/?q={COMMON_WORD}",
            limit_sql(text=COMMON_WORD),
        ),
        Page(
            "search, rare phrase",
            f'/library/?q="{RARE_PHRASE}"',
            limit_sql(text=f'"{RARE_PHRASE}"'),
        ),
        Page(
            "search + filter",
            f"/library/?q={FILTER_WORD}&language=en&theme={theme.slug}",
            limit_sql(text=FILTER_WORD, where=in_theme, params=[theme.pk], language="en"),
        ),
        Page("theme page", theme.get_absolute_url(), limit_sql(where=in_theme, params=[theme.pk])),
        Page("reading page", long_read.get_absolute_url()),
        Page("home page", "/"),
        Page("About", "/about/"),
    ]
