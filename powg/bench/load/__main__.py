"""``make load`` (= ``python -m powg.bench.load``): fill once, serve, load with locust, report.

    python -m powg.bench.load [--users 50] [--time 60] [--workers 3] [--wait 1,3]
                              [--database powg_loadbench] [--refill]

The database server is the one ``DATABASE_URL`` names (or the embedded one); the load
database is a separate one on it, kept between runs. Output (locust's CSV, gunicorn's
logs) goes to ``var/load/``.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import threading
import time
from contextlib import closing, redirect_stderr, redirect_stdout
from pathlib import Path

import psycopg2

from powg.bench.load import database, report, serve

APP_NAME = "powg-load"
SAMPLER_NAME = "powg-load-sampler"
# Sessions are made before gunicorn starts and must verify there: one fixed key.
SECRET_KEY = "load-benchmark-only-" + "0123456789abcdef" * 4
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def arguments(argv):
    parser = argparse.ArgumentParser(prog="make load", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started a second")
    parser.add_argument("--time", type=int, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", 3)))
    parser.add_argument("--wait", default="1,3", help="think time between pages, min,max s")
    parser.add_argument("--database", default="powg_loadbench")
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=3_000)
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--sessions", type=int, default=100, help="members logged in")
    parser.add_argument("--refill", action="store_true", help="fill again even if filled")
    return parser.parse_args(argv)


def base_database_url():
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    from powg.embedded_db import embedded_database_url

    var = Path(os.environ.get("POWG_VAR_DIR", serve.ROOT / "var"))
    return embedded_database_url(var / "pgdata")


class ConnectionSampler(threading.Thread):
    """The portal's connections in ``pg_stat_activity``, sampled five times a second."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url, self.peak, self.peak_all, self.samples = url, 0, 0, 0
        self.done = threading.Event()

    def run(self):
        name = database.database_name(self.url)
        with closing(psycopg2.connect(self.url, application_name=SAMPLER_NAME)) as connection:
            connection.autocommit = True
            with connection.cursor() as cursor:
                while not self.done.is_set():
                    cursor.execute(
                        "SELECT count(*) FILTER (WHERE application_name = %s), count(*)"
                        " FROM pg_stat_activity WHERE datname = %s AND application_name <> %s",
                        [APP_NAME, name, SAMPLER_NAME],
                    )
                    ours, everyone = cursor.fetchone()
                    self.peak, self.peak_all = max(self.peak, ours), max(self.peak_all, everyone)
                    self.samples += 1
                    self.done.wait(0.2)


def main(argv=None):
    args = arguments(argv)
    sizes = {"documents": args.documents, "events": args.events, "members": args.members}
    out = Path(os.environ.get("POWG_VAR_DIR", serve.ROOT / "var")) / "load"
    out.mkdir(parents=True, exist_ok=True)
    base = base_database_url()
    url = database.database_url(base, args.database)
    filled = not args.refill and database.is_filled(base, args.database, sizes)
    if not filled:
        database.recreate(base, args.database, print)

    env = serve.serve_environment(url, secret_key=SECRET_KEY)
    os.environ.update(env)
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        call_command("compile_translations", verbosity=0)  # Babel's warnings are not ours
    call_command("collectstatic", interactive=False, verbosity=0)
    if filled:
        print(f"Reusing the filled load database {args.database} ({database.mark(sizes)}).")
    else:
        database.fill(sizes, print)
    targets = database.prepare(sessions=args.sessions, hot_capacity=10)
    connections.close_all()
    targets_path = out / "targets.json"
    targets_path.write_text(json.dumps(targets))

    server, address = serve.start_gunicorn(
        {**env, "PGAPPNAME": APP_NAME},
        out / "gunicorn.log",
        workers=args.workers,
    )
    sampler = ConnectionSampler(url)
    print(
        f"Serving on {address} with {args.workers} workers; "
        f"{args.users} users for {args.time} s (locust's log: var/load/locust.log)..."
    )
    try:
        sampler.start()
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        with (out / "locust.log").open("w") as log:
            locust = subprocess.run(
                [
                    str(Path(sys.executable).parent / "locust"),
                    *("-f", str(LOCUSTFILE), "--headless", "--host", address),
                    *("--users", str(args.users), "--spawn-rate", str(args.spawn_rate)),
                    *("--run-time", f"{args.time}s", "--stop-timeout", "10"),
                    *("--csv", str(out / "locust"), "--only-summary"),
                ],
                cwd=serve.ROOT,
                env={
                    **os.environ,
                    "POWG_LOAD_TARGETS": str(targets_path),
                    "POWG_LOAD_WAIT": args.wait,
                },
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()[0]
    finally:
        sampler.done.set()
        serve.stop(server)
    sampler.join(timeout=5)
    if not (out / "locust_stats.csv").exists():
        sys.exit(f"locust wrote no statistics (exit {locust.returncode}): see var/load/locust.log")
    rows = report.read_stats(out / "locust_stats.csv")
    print()
    for line in report.table(rows):
        print(line)
    print()
    print(
        report.summary(
            rows,
            users=args.users,
            seconds=args.time,
            elapsed=elapsed,
            workers=args.workers,
            wait=args.wait,
            peak=sampler.peak,
            peak_all=sampler.peak_all,
            load=(load_before, load_after),
        )
    )
    failures = report.read_failures(out / "locust_failures.csv")
    for line in failures:
        print(line)
    errors = rows[-1].errors if rows else 0
    if errors or locust.returncode not in (0, 1) or not rows:
        sys.exit(1)


if __name__ == "__main__":
    main()
