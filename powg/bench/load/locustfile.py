"""The portal's public and members' journeys, for locust (run by ``make load``).

Visitors read: the home page, the library (plain, filtered, searched), reading pages,
the events list and event pages. Members do the same logged in (a session made by the
load run) and also open the directory and register for one of a few upcoming events,
sometimes cancelling again; the first of those events is small, so most of them end on
its waiting list, which is an answer, not an error. A registration counts as an error
unless the page it leads to says the member is registered or waiting.

``POWG_LOAD_TARGETS`` names the JSON file of addresses and sessions the run prepared;
``POWG_LOAD_WAIT`` is the think time between pages ("min,max" seconds).
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["POWG_LOAD_TARGETS"]).read())
WAIT = [float(s) for s in os.environ.get("POWG_LOAD_WAIT", "1,3").split(",")]
# What readers type: a common word, a phrase, two words, French, a rare quoted phrase.
SEARCHES = [
    "peacekeeping",
    "protection of civilians",
    "police mandate",
    "women participation",
    "maintien de la paix",
    '"quick impact projects"',
    "rapid deployment capacity",
]
TYPES = ["report", "policy_brief", "submission", "briefing_note"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REGISTERED = ("You are registered for this event", "you are on the waiting list")
CANCELLED = "Your registration is cancelled"
SESSIONS = itertools.count()


class Visitor(HttpUser):
    weight = 3
    wait_time = between(*WAIT)

    def on_start(self):
        self.rng = random.Random()

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(2)
    def library(self):
        page = self.rng.choice(["", "?page=2", "?page=7"])
        self.client.get(f"/library/{page}", name="library")

    @task(1)
    def library_filtered(self):
        theme = self.rng.choice(TARGETS["themes"])
        kind = self.rng.choice(TYPES)
        self.client.get(f"/library/?theme={theme}&type={kind}", name="library, filtered")

    @task(3)
    def search(self):
        self.client.get("/library/", params={"q": self.rng.choice(SEARCHES)}, name="search")

    @task(4)
    def reading_page(self):
        self.client.get(f"/library/{self.rng.choice(TARGETS['documents'])}/", name="reading page")

    @task(2)
    def events_list(self):
        self.client.get("/events/", name="events list")

    @task(2)
    def event_page(self):
        self.client.get(f"/events/{self.rng.choice(TARGETS['events'])}/", name="event page")


class Member(Visitor):
    weight = 2

    def on_start(self):
        super().on_start()
        sessions = TARGETS["sessions"]
        self.client.cookies.set("sessionid", sessions[next(SESSIONS) % len(sessions)])

    @task(2)
    def directory(self):
        self.client.get("/members/", name="members directory")

    @task(2)
    def register(self):
        """The event page, its form's POST, and the page it leads back to saying so."""
        slug = self.rng.choice(TARGETS["register"])
        page = self.client.get(f"/events/{slug}/", name="event page")
        token = CSRF.search(page.text)
        if token is None:
            return  # the event page failed and is counted as such
        with self.client.post(
            f"/events/{slug}/register/",
            data={"csrfmiddlewaretoken": token.group(1)},
            name="registration",
            catch_response=True,
        ) as response:
            if not any(words in response.text for words in REGISTERED):
                response.failure(f"no registration confirmed ({response.status_code})")
                return
        if self.rng.random() < 0.3:
            with self.client.post(
                f"/events/{slug}/cancel/",
                data={"csrfmiddlewaretoken": token.group(1)},
                name="cancel registration",
                catch_response=True,
            ) as response:
                if CANCELLED not in response.text:
                    response.failure(f"no cancellation confirmed ({response.status_code})")
