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


def measure(pages, runs, *, warmup=3) -> list[Result]:
    """Time every page ``runs`` times, each request followed by its limit SQL."""
    clients = {}
    results = []
    for page in pages:
        client = _client_for(clients, page)

        def get(client=client, page=page):
            response = client.get(page.url)
            assert response.status_code == 200, (page.url, response.status_code)

        cache.clear()  # cold: the first request after the cache is cleared
        cold = _ms(get)
        for _ in range(warmup):
            get()
            if page.limit:
                page.limit()
        page_times, limit_times = [], []
        for _ in range(runs):
            page_times.append(_ms(get))
            if page.limit:
                limit_times.append(_ms(page.limit))
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


def table(results, *, baseline_label="About") -> list[str]:
    """The results as a Markdown table: a library page's ratio is page / limit, the
    others' page / About (the framework's and layout's own cost)."""
    about = next((r.page_ms for r in results if r.page.label == baseline_label), None)
    lines = [
        "| group | page | page ms | limit ms | ratio | cold ms | p95 ms | queries |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r.limit_ms:
            limit, ratio = f"{r.limit_ms:.1f}", f"{r.page_ms / r.limit_ms:.1f}"
        elif about and r.page.label != baseline_label:
            limit, ratio = f"({baseline_label} {about:.1f})", f"{r.page_ms / about:.1f}"
        else:
            limit, ratio = "", ""
        lines.append(
            f"| {r.page.group} | {r.page.label} | {r.page_ms:.1f} | {limit} | {ratio} "
            f"| {r.cold_ms:.1f} | {r.p95_ms:.1f} | {r.queries} |"
        )
    return lines
