"""Side-by-side timing: each page request followed by its limit SQL, medians of both."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Page:
    """A page to time; ``limit`` runs the bare SQL it needs (None: compared with About)."""

    label: str
    url: str
    limit: Callable[[], None] | None = None
    group: str = "library"
    login: object = None  # a user to log in as, or None for an anonymous visitor


@dataclass
class Result:
    page: Page
    page_ms: float
    limit_ms: float | None
    cold_ms: float
    p95_ms: float
    queries: int


def _ms(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def _client_for(clients, page):
    from django.test import Client

    key = getattr(page.login, "pk", None)
    if key not in clients:
        clients[key] = Client()
        if page.login is not None:
            clients[key].force_login(page.login)
    return clients[key]


ABOUT_URL = "/about/"


def measure(pages, runs, *, warmup=3) -> list[Result]:
    """Time every page ``runs`` times, each request followed by its limit.

    A page without a limit SQL (reading, home, events, members pages) is followed by
    a request for the About page as the same visitor: the framework's and the
    layout's own cost, interleaved so that both see the same machine.
    """
    clients = {}
    results = []
    for page in pages:
        client = _client_for(clients, page)

        def get(client=client, url=page.url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        limit = page.limit
        if limit is None and page.url != ABOUT_URL:
            limit = lambda client=client: get(client, ABOUT_URL)  # noqa: E731
        cache.clear()  # cold: the first request after the cache is cleared
        cold = _ms(get)
        for _ in range(warmup):
            get()
            if limit:
                limit()
        page_times, limit_times = [], []
        for _ in range(runs):
            page_times.append(_ms(get))
            if limit:
                limit_times.append(_ms(limit))
        with CaptureQueriesContext(connection) as context:
            get()
        results.append(
            Result(
                page=page,
                page_ms=statistics.median(page_times),
                limit_ms=statistics.median(limit_times) if limit_times else None,
                cold_ms=cold,
                p95_ms=statistics.quantiles(page_times, n=20)[18] if runs > 1 else page_times[0],
                queries=len(context.captured_queries),
            )
        )
    return results


def table(results) -> list[str]:
    """The results as a Markdown table: a library page's ratio is page / limit SQL, the
    others' page / About (measured right after each request, as the same visitor)."""
    lines = [
        "| group | page | page ms | limit ms | ratio | cold ms | p95 ms | queries |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        limit, ratio = "", ""
        if r.limit_ms:
            limit = f"{r.limit_ms:.1f}" if r.page.limit else f"(About {r.limit_ms:.1f})"
            ratio = f"{r.page_ms / r.limit_ms:.1f}"
        lines.append(
            f"| {r.page.group} | {r.page.label} | {r.page_ms:.1f} | {limit} | {ratio} "
            f"| {r.cold_ms:.1f} | {r.p95_ms:.1f} | {r.queries} |"
        )
    return lines
