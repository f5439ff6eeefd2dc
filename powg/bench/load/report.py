"""The load run's table, read from locust's CSV statistics."""

import csv
import os
from dataclasses import dataclass

# The journeys' pages in the order a reader meets them (the locustfile's request names).
ORDER = [
    "home",
    "library",
    "library, filtered",
    "search",
    "reading page",
    "events list",
    "event page",
    "members directory",
    "registration",
    "cancel registration",
]


@dataclass
class Row:
    name: str
    requests: int
    errors: int
    per_second: float
    median_ms: float
    p95_ms: float


def read_stats(path) -> list[Row]:
    """One row per page, in journey order, the total last."""
    rows, total = [], None
    with open(path, newline="") as file:
        for record in csv.DictReader(file):
            row = Row(
                name=record["Name"],
                requests=int(record["Request Count"]),
                errors=int(record["Failure Count"]),
                per_second=float(record["Requests/s"]),
                median_ms=float(record["50%"] or 0),
                p95_ms=float(record["95%"] or 0),
            )
            if record["Name"] == "Aggregated":
                total = row
            else:
                rows.append(row)
    rows.sort(key=lambda r: (ORDER.index(r.name) if r.name in ORDER else len(ORDER), r.name))
    return rows + ([total] if total else [])


def read_failures(path) -> list[str]:
    if not os.path.exists(path):
        return []
    with open(path, newline="") as file:
        return [
            f"  {r['Occurrences']} x {r['Method']} {r['Name']}: {r['Error']}"
            for r in csv.DictReader(file)
        ]


def table(rows) -> list[str]:
    lines = [
        "| page | requests | requests/s | median ms | p95 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        name = "**all pages**" if r.name == "Aggregated" else r.name
        lines.append(
            f"| {name} | {r.requests} | {r.per_second:.1f} | {r.median_ms:.0f} "
            f"| {r.p95_ms:.0f} | {r.errors} |"
        )
    return lines


def machine() -> str:
    with open("/proc/meminfo") as file:
        kib = int(next(line for line in file if line.startswith("MemTotal")).split()[1])
    return f"{os.cpu_count()} cores, {kib / 1024 / 1024:.0f} GiB"


def summary(rows, *, users, seconds, elapsed, workers, wait, peak, peak_all, load) -> str:
    errors = rows[-1].errors if rows else 0
    return (
        f"{users} users ({wait} s between pages) for {seconds} s ({elapsed:.0f} s with start"
        f" and stop), gunicorn with {workers} sync workers, on {machine()}"
        f" (load average {load[0]:.1f} before, {load[1]:.1f} after: other work included).\n"
        f"Errors: {errors}. Peak database connections: {peak} of the portal's"
        f" (bound: {workers} workers), {peak_all} on the load database in all."
    )
