"""PostgreSQL restarted under a running ``make serve``, with requests and registrations in flight.

Gunicorn (``make serve``'s command line, ``DEBUG=0``) serves a database on a cluster of
the test's own (tests/powg/servers.py), while a reader and two members registering for
events send requests. Once every worker holds a persistent connection, the cluster is
stopped (fast shutdown: sessions ended) and started again with the same data. Clients
behave like people: after an error they wait a few seconds, longer than the restart, then
go on. Shown:

- every request started after the database was ready again succeeds (the bar is
  "within 30 s"; here it is at once);
- every registration a response acknowledged (its redirect's message says registered)
  is in the database afterwards;
- no request runs past its client timeout, during the outage or after.

Workers left idle through the restart keep a dead connection: with the settings'
``CONN_HEALTH_CHECKS`` it is tested before use and replaced; with
``CONN_HEALTH_CHECKS=0`` their first request after the restart fails with a 500, and
this test fails (tried: see the README's Performance section).
"""

import itertools
import os
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import override_settings

from powg.bench.load.serve import serve_environment
from tests.powg import servers

APP_NAME = "powg-restart-test"
WORKERS = 4  # more than the clients' requests in flight, so some worker idles through it
TIMEOUT = 10  # seconds a client waits for an answer
BACKOFF = 5  # seconds a client waits after an error (the restart takes about two)
THINK = 0.05
MEMBERS, EVENTS = 8, 24


@dataclass
class Outcome:
    what: str
    started: float
    ended: float
    ok: bool
    detail: str


def _status(url):
    return requests.get(url, timeout=TIMEOUT).status_code


def _acknowledged(response):
    """The registration the response's message confirms: 'registered', 'waitlisted' or None."""
    value = response.cookies.get("messages")
    if response.status_code != 302 or not value:
        return None
    request = HttpRequest()
    request.COOKIES["messages"] = value
    with override_settings(SECRET_KEY=servers.SECRET_KEY):
        levels = {message.level for message in CookieStorage(request)}
    if message_levels.SUCCESS in levels:
        return "registered"
    if message_levels.WARNING in levels:
        return "waitlisted"
    return None


class Clients:
    """The reader and the registering members; every request's outcome kept in order."""

    def __init__(self, base, sessions, events):
        self.base, self.sessions, self.events = base, sessions, events
        self.outcomes, self.acknowledged = [], []
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def _record(self, outcome):
        with self.lock:
            self.outcomes.append(outcome)
        self.stop.wait(THINK if outcome.ok else BACKOFF)

    def _session(self, sessionid=None):
        session = requests.Session()
        token = secrets.token_hex(16)  # a CSRF secret of Django's length, sent back as the token
        session.cookies.set("csrftoken", token)
        session.headers["X-CSRFToken"] = token
        if sessionid:
            session.cookies.set("sessionid", sessionid)
        return session

    def read(self):
        session = self._session()
        pages = itertools.cycle(["/", "/events/", f"/events/{self.events[0]}/", "/library/"])
        while not self.stop.is_set():
            path, started = next(pages), time.monotonic()
            try:
                status = session.get(self.base + path, timeout=TIMEOUT).status_code
                ok, detail = status == 200, str(status)
            except requests.RequestException as error:
                ok, detail = False, repr(error)
            self._record(Outcome(f"GET {path}", started, time.monotonic(), ok, detail))

    def register(self, members):
        """Each member registers for every event in turn, retrying one until acknowledged."""
        sessions = {member: self._session(self.sessions[member]) for member in members}
        pairs = [(member, event) for event in self.events for member in members]
        while pairs and not self.stop.is_set():
            member, event = pairs[0]
            started = time.monotonic()
            try:
                response = sessions[member].post(
                    f"{self.base}/events/{event}/register/", timeout=TIMEOUT, allow_redirects=False
                )
                state, detail = _acknowledged(response), str(response.status_code)
            except requests.RequestException as error:
                state, detail = None, repr(error)
            if state:
                pairs.pop(0)
                with self.lock:
                    self.acknowledged.append((member, event, state))
            self._record(Outcome(f"POST {event}", started, time.monotonic(), bool(state), detail))

    def run(self, threads):
        self.threads = [threading.Thread(target=t, daemon=True) for t in threads]
        for thread in self.threads:
            thread.start()

    def join(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=TIMEOUT + BACKOFF + 5)
        assert not any(t.is_alive() for t in self.threads), "a client is still waiting"


SETUP = (
    servers.SESSION_FOR
    + f"""
import factory

from tests import factories

unhashed = factory.Transformer.Force("!")  # an unusable password: no hashing to wait for
members = [factories.member_user(user__password=unhashed) for _ in range({MEMBERS})]
events = [factories.EventFactory() for _ in range({EVENTS})]
print(json.dumps({{
    "sessions": [session_for(user) for user in members],
    "emails": [user.email for user in members],
    "events": [event.slug for event in events],
}}))
"""
)


def test_requests_survive_a_database_restart(tmp_path):
    cluster = servers.Cluster()
    cluster.start()
    try:
        _run(cluster, tmp_path)
    finally:
        cluster.remove()


def _run(cluster, tmp_path):
    url = cluster.create_database("powg")
    env = serve_environment(url, secret_key=servers.SECRET_KEY)
    servers.prepare_database(env)
    data = servers.run_django(env, SETUP)
    server_env = {**env, "PGAPPNAME": APP_NAME}
    if os.environ.get("CONN_HEALTH_CHECKS") is not None:  # to try the test without them
        server_env["CONN_HEALTH_CHECKS"] = os.environ["CONN_HEALTH_CHECKS"]

    with servers.gunicorn(server_env, tmp_path / "gunicorn.log", workers=WORKERS) as base:
        # Twice as many requests at once as workers: every worker serves one, and keeps
        # its connection.
        with ThreadPoolExecutor(2 * WORKERS) as pool:
            warm = list(pool.map(lambda _: _status(f"{base}/events/"), range(4 * WORKERS)))
        assert warm == [200] * (4 * WORKERS)
        clients = Clients(base, data["sessions"], data["events"])
        half = MEMBERS // 2
        clients.run(
            [
                clients.read,
                lambda: clients.register(range(half)),
                lambda: clients.register(range(half, MEMBERS)),
            ]
        )
        try:
            # Every worker holds its persistent connection before the restart.
            all_held = servers.wait_for(
                lambda: servers.held_connections(url, APP_NAME) >= WORKERS, timeout=20
            )
            time.sleep(2)  # traffic as usual first
            stopped = time.monotonic()
            cluster.stop()
            time.sleep(1)  # down for a moment: requests arriving now meet no database
            cluster.start()
            ready = time.monotonic()
            time.sleep(BACKOFF + 4)  # clients come back after their back-off
        finally:
            clients.join()
        log = (tmp_path / "gunicorn.log").read_text()

    outcomes = sorted(clients.outcomes, key=lambda o: o.started)
    before = [o for o in outcomes if o.ended < stopped]
    during = [o for o in outcomes if o.ended >= stopped and o.started < ready]
    after = [o for o in outcomes if o.started >= ready]
    assert all_held, "not every worker held a connection before the restart"
    assert before and all(o.ok for o in before), [o for o in before if not o.ok]
    assert any(not o.ok for o in during), "no request met the restart: nothing was shown"
    assert ready - stopped < 30
    failed_after = [o for o in after if not o.ok]
    assert not failed_after, (
        f"{len(failed_after)} of {len(after)} requests failed after the database was back "
        f"(first {failed_after[0].started - ready:.1f} s after it): {failed_after[:5]}\n"
        + "\n".join([line for line in log.splitlines() if "ERROR" in line][-5:])
    )
    assert len(after) >= 20 and sum(o.what.startswith("POST") for o in after) >= 5
    slowest = max(o.ended - o.started for o in outcomes)
    assert slowest < TIMEOUT, f"a request took {slowest:.1f} s"
    assert not any("Timeout" in o.detail for o in outcomes)

    stored = {
        (email, slug, status)
        for email, slug, status in servers.query(
            url,
            "SELECT u.email, e.slug, r.status FROM events_registration r"
            " JOIN members_user u ON u.id = r.user_id JOIN events_event e ON e.id = r.event_id",
        )
    }
    acknowledged = {
        (data["emails"][member], event, state) for member, event, state in clients.acknowledged
    }
    assert len(acknowledged) >= 20
    assert acknowledged <= stored, sorted(acknowledged - stored)
