"""Benchmark the library at 20,000 documents, in a throwaway database.

Creates a separate database on the same PostgreSQL server (``powg_bench`` by default),
migrates it, fills it with generated documents of ~1,500 words (bulk inserts, search
vectors computed in SQL in batches, progress shown), then times pages in-process with
the test client and prints the median and 95th percentile of each. The database is
dropped afterwards unless ``--keep`` is given. The development database is never
touched: the command refuses a name equal to it.

    manage.py bench_library [--documents 20000] [--runs 40] [--keep] [--reuse]
"""

import random
import statistics
import string
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import override_settings

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


def _vocabulary(rng, base, filler, size=4000):
    """Real domain words plus a long tail of made-up ones, Zipf-weighted."""
    tail = {"".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 10))) for _ in range(size)}
    words = filler + base + sorted(tail)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


class Command(BaseCommand):
    help = "Fill a throwaway database with 20,000 documents and time the library pages."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=20_000)
        parser.add_argument("--words", type=int, default=1_500, help="words per document body")
        parser.add_argument("--runs", type=int, default=40, help="timed requests per page")
        parser.add_argument("--database", default="powg_bench")
        parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
        parser.add_argument(
            "--reuse", action="store_true", help="reuse a database kept by --keep (no fill)"
        )
        parser.add_argument("--explain", action="store_true", help="print search query plans")

    def handle(self, *args, **options):
        name = options["database"]
        original = connection.settings_dict["NAME"]
        if name == original or not name.replace("_", "").isalnum():
            raise CommandError(f"Refusing to use {name!r}: pick another benchmark database name.")
        if not options["reuse"]:
            self._recreate(name)
        self._switch(name)
        try:
            call_command("migrate", verbosity=0)  # a reused database may predate a migration
            call_command("createcachetable", verbosity=0)
            if not options["reuse"]:
                self._fill(options["documents"], options["words"])
            if options["explain"]:
                self._explain()
            self._measure(options["runs"])
        finally:
            self._switch(original)
            if not options["keep"]:
                self._drop(name)
                self.stdout.write(f"Dropped the benchmark database {name}.")
            else:
                self.stdout.write(f"Kept the benchmark database {name} (--reuse to time again).")

    # -- database ---------------------------------------------------------------------
    def _admin_cursor_run(self, sql):
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute(sql)

    def _recreate(self, name):
        self._drop(name)
        self._admin_cursor_run(f'CREATE DATABASE "{name}"')
        self.stdout.write(f"Created the throwaway database {name}.")

    def _drop(self, name):
        self._admin_cursor_run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _switch(self, name):
        for alias in connections:
            connections[alias].close()
        connection.settings_dict["NAME"] = name
        settings.DATABASES["default"]["NAME"] = name

    # -- data -------------------------------------------------------------------------
    def _fill(self, count, words_per_document):
        from django.contrib.auth.models import Group

        from documents.demo import load_thematic_areas
        from documents.models import Document, KeywordedDocument, ThemedDocument
        from documents.search import refresh_search_vectors_between
        from members.models import Organization
        from powg.roles import MEMBERS_GROUP, STEERING_GROUP

        rng = random.Random(20_000)
        start = time.perf_counter()
        for group in (MEMBERS_GROUP, STEERING_GROUP):
            Group.objects.get_or_create(name=group)
        load_thematic_areas(lambda message: None)
        from documents.models import ThematicArea

        theme_ids = list(ThematicArea.objects.values_list("pk", flat=True))
        organizations = Organization.objects.bulk_create(
            Organization(name=f"Bench organization {n}", slug=f"bench-organization-{n}")
            for n in range(40)
        )
        org_ids = [o.pk for o in organizations]
        en_vocab = _vocabulary(rng, EN_WORDS, FILLER)
        fr_vocab = _vocabulary(rng, FR_WORDS, FR_FILLER)
        through_orgs = Document.publishing_organizations.through
        from taggit.models import Tag

        keywords = Tag.objects.bulk_create(
            Tag(name=f"keyword {n}", slug=f"keyword-{n}") for n in range(200)
        )
        batch = 1000
        first_day = date(1995, 1, 1)
        self.stdout.write(f"Filling {count} documents of ~{words_per_document} words...")
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
            elapsed = time.perf_counter() - start
            self.stdout.write(f"  inserted {offset + len(rows):>6}/{count}  ({elapsed:5.1f} s)")
        first, last = (
            Document.objects.order_by("pk").values_list("pk", flat=True)[0],
            (Document.objects.order_by("-pk").values_list("pk", flat=True)[0]),
        )
        step = 2000
        for low in range(first, last + 1, step):
            refresh_search_vectors_between(low, min(low + step - 1, last))
            done = min(low + step - 1, last) - first + 1
            self.stdout.write(
                f"  search vectors {done:>6}/{count}  ({time.perf_counter() - start:5.1f} s)"
            )
        self.stdout.write("  compacting and analyzing (VACUUM FULL ANALYZE)...")
        with connection.cursor() as cursor:
            # The vector UPDATE left a dead copy of every row: compact, as a live
            # database's autovacuum would over time, and gather planner statistics.
            cursor.execute("VACUUM FULL ANALYZE documents_document")
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Filled {count} documents in {time.perf_counter() - start:.1f} s.")
        )

    # -- timing -----------------------------------------------------------------------
    def _pages(self):
        from documents.models import Document, ThematicArea

        theme = ThematicArea.objects.order_by("display_order").first()
        long_read = Document.objects.visible_to(None).published().order_by("-pk").first()
        return [
            ("list", "/library/"),
            ("list, page 5", "/library/?page=5"),
            ("faceted list (2 filters)", f"/library/?theme={theme.slug}&type=report"),
            ("search, common word", "/library/?q=peacekeeping"),
            ("search, rarer phrase", f'/library/?q="{RARE_PHRASE}"'),
            ("search + filter", f"/library/?q=mandate&language=en&theme={theme.slug}"),
            ("theme page", theme.get_absolute_url()),
            ("reading page", long_read.get_absolute_url()),
            ("home page", "/"),
        ]

    @override_settings(DEBUG=False)
    def _measure(self, runs):
        client = Client()
        pages = self._pages()
        self.stdout.write("")
        self.stdout.write(
            f"{'page':<28} {'median ms':>10} {'p95 ms':>8} {'min ms':>8}  {'queries':>7}"
        )
        for label, url in pages:
            for _ in range(3):  # warm up caches and the connection
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            median = statistics.median(timings)
            p95 = statistics.quantiles(timings, n=20)[18]
            queries = self._count_queries(client, url)
            self.stdout.write(
                f"{label:<28} {median:>10.1f} {p95:>8.1f} {min(timings):>8.1f}  {queries:>7}"
            )

    def _count_queries(self, client, url):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            client.get(url)
        return len(context.captured_queries)

    def _explain(self):
        from django.contrib.auth.models import AnonymousUser

        from documents.models import Document
        from documents.search import facet_counts, index_scans_for_search

        for text in ["peacekeeping", f'"{RARE_PHRASE}"']:
            qs = Document.objects.visible_to(AnonymousUser()).listed().search(text)
            page = qs.by_relevance().for_cards()[:20]
            self.stdout.write(f"\nEXPLAIN ANALYZE search {text}, the planner's own choice:")
            self.stdout.write(page.explain(analyze=True))
            with index_scans_for_search():  # as the library page runs it
                self.stdout.write(f"\nEXPLAIN ANALYZE search {text}, as the page runs it:")
                self.stdout.write(page.explain(analyze=True))
                start = time.perf_counter()
                facet_counts(qs)
                elapsed = (time.perf_counter() - start) * 1000
            self.stdout.write(f"facet and page query: {elapsed:.1f} ms")
