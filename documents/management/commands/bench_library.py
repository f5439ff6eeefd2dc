"""Benchmark the site at 20,000 documents, 3,000 events and 2,000 members, in a throwaway database.

Creates a separate database on the same PostgreSQL server (``powg_bench`` by default),
migrates it, fills it (bulk inserts, search vectors computed in SQL in batches,
progress shown), then times each page in-process with the test client, side by side
with its "limit": the bare SQL any such page needs (its 20 ids and the total count;
for a search the GIN match and the rank from the small vector), run right after each
request. It prints one Markdown table: median page ms, median limit ms and their
ratio (pages without a limit are compared with the About page), the cold time (the
first request after the cache is cleared), the 95th percentile and the query count.
The database is dropped afterwards unless ``--keep`` is given; the working database
is never touched: the command refuses its name.

    manage.py bench_library [--documents 20000] [--events 3000] [--members 2000]
                            [--runs 40] [--keep] [--reuse] [--profile PAGE]
"""

import cProfile
import io
import logging
import pstats

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.test.utils import override_settings

from powg.bench import events, library, members, timing


class Command(BaseCommand):
    help = (
        "Fill a throwaway database (documents, events, members) and time pages against their SQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=20_000)
        parser.add_argument("--words", type=int, default=1_500, help="words per document body")
        parser.add_argument("--events", type=int, default=3_000)
        parser.add_argument("--members", type=int, default=2_000)
        parser.add_argument("--runs", type=int, default=40, help="timed requests per page")
        parser.add_argument("--database", default="powg_bench")
        parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
        parser.add_argument(
            "--reuse", action="store_true", help="reuse a database kept by --keep (no fill)"
        )
        parser.add_argument(
            "--only", default="", help="time only pages whose label contains this text"
        )
        parser.add_argument(
            "--profile",
            default="",
            metavar="LABEL",
            help="cProfile this page (label as printed) over the runs instead of timing",
        )

    def handle(self, *args, **options):
        # Thousands of timed requests: their JSON request lines would bury the table.
        logging.getLogger("powg.requests").setLevel(logging.WARNING)
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
                self._fill(options)
            self._measure(options)
        finally:
            self._switch(original)
            if not options["keep"]:
                self._drop(name)
                self.stdout.write(f"Dropped the benchmark database {name}.")
            else:
                self.stdout.write(f"Kept the benchmark database {name} (--reuse to time again).")

    # -- database ---------------------------------------------------------------------
    def _run(self, sql):
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute(sql)

    def _recreate(self, name):
        self._drop(name)
        self._run(f'CREATE DATABASE "{name}"')
        self.stdout.write(f"Created the throwaway database {name}.")

    def _drop(self, name):
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _switch(self, name):
        for alias in connections:
            connections[alias].close()
        connection.settings_dict["NAME"] = name
        settings.DATABASES["default"]["NAME"] = name

    def _fill(self, options):
        log = self.stdout.write
        library.fill(options["documents"], options["words"], log)
        users = members.fill(options["members"], log)
        events.fill(options["events"], users, log)
        log("  compacting and analyzing (VACUUM FULL ANALYZE)...")
        # The vector UPDATE left a dead copy of every row: compact, as a live database's
        # autovacuum would over time, and gather planner statistics.
        self._run("VACUUM FULL ANALYZE documents_document")
        self._run("VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS("Filled the benchmark database."))

    # -- timing -----------------------------------------------------------------------
    @override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"])
    def _measure(self, options):
        pages = library.pages() + events.pages() + members.pages()
        if options["profile"]:
            self._profile(pages, options)
            return
        if options["only"]:
            pages = [p for p in pages if options["only"] in p.label or p.label == "About"]
        results = timing.measure(pages, options["runs"])
        self.stdout.write("")
        for line in timing.table(results):
            self.stdout.write(line)

    def _profile(self, pages, options):
        page = next((p for p in pages if p.label == options["profile"]), None)
        if page is None:
            raise CommandError(f"No page labelled {options['profile']!r}.")
        from django.test import Client

        client = Client()
        if page.login is not None:
            client.force_login(page.login)
        client.get(page.url)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(options["runs"]):
            client.get(page.url)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
        self.stdout.write(out.getvalue())
