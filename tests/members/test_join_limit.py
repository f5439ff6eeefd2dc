"""/join/ takes a few applications an hour from one address, counted in the shared cache."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from members.models import MembershipApplication
from tests.members.test_views import join_data

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"
OTHER = "198.51.100.2"
MESSAGE = "Too many applications were sent from your internet address"


def apply(client, n, *, address=ADDRESS, url="/join/", **overrides):
    data = join_data(email=f"person{n}@example.org", name=f"Applicant {n}", **overrides)
    return client.post(url, data, REMOTE_ADDR=address)


def test_the_sixth_application_from_one_address_is_refused_and_nothing_lost(client):
    for n in range(5):
        response = apply(client, n)
        assert response.status_code == 302, n
    response = apply(client, 5, motivation="I advise missions on the protection of civilians.")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 3600
    html = response.content.decode()
    assert MESSAGE in html
    # The form is shown again with what was typed, ready to send later.
    assert 'value="Applicant 5"' in html and 'value="person5@example.org"' in html
    assert "I advise missions on the protection of civilians." in html
    assert re.search(r'<input type="checkbox" name="consent"[^>]* checked', html)
    assert MembershipApplication.objects.count() == 5
    assert not MembershipApplication.objects.filter(email="person5@example.org").exists()
    # Another address is not affected.
    assert apply(client, 6, address=OTHER).status_code == 302
    assert MembershipApplication.objects.filter(email="person6@example.org").exists()


def test_the_count_lives_in_the_shared_database_cache(client):
    for n in range(5):
        apply(client, n)
    assert apply(client, 5).status_code == 429
    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {connection.ops.quote_name(table)}")
        keys = [row[0] for row in cursor.fetchall()]
    assert any(":rl:members:join:" in key and key.endswith(ADDRESS) for key in keys), keys
    cache.clear()  # every worker reads the same table: clearing it forgets the count
    assert apply(client, 5).status_code == 302


def test_page_views_are_not_counted(client):
    for _ in range(10):
        assert client.get("/join/", REMOTE_ADDR=ADDRESS).status_code == 200
    for n in range(5):
        assert apply(client, n).status_code == 302
    page = client.get("/join/", REMOTE_ADDR=ADDRESS)
    assert page.status_code == 200  # reading the page stays possible
    assert MESSAGE not in page.content.decode()
    assert apply(client, 5).status_code == 429


def test_corrections_do_not_count_but_hear_the_limit_once_reached(client, settings):
    settings.MEMBERS_JOIN_RATE_LIMIT = "2/1h"
    for n in range(3):
        response = apply(client, n, consent="")  # sent back for a correction
        assert response.status_code == 200 and MESSAGE not in response.content.decode()
    assert apply(client, 1).status_code == 302
    assert apply(client, 2).status_code == 302
    refused = apply(client, 3, consent="")
    assert refused.status_code == 429
    assert MESSAGE in refused.content.decode()
    assert apply(client, 4).status_code == 429
    assert MembershipApplication.objects.count() == 2


def test_spam_caught_by_the_honeypot_counts_too(client, settings):
    settings.MEMBERS_JOIN_RATE_LIMIT = "2/1h"
    assert apply(client, 0, homepage="http://spam.example.com").status_code == 302
    assert apply(client, 1, homepage="http://spam.example.com").status_code == 302
    assert apply(client, 2).status_code == 429
    assert not MembershipApplication.objects.exists()


def test_the_message_is_in_french(client, french_catalogue):
    for n in range(5):
        apply(client, n, url="/fr/join/")
    response = apply(client, 5, url="/fr/join/")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de demandes ont été envoyées depuis votre adresse Internet" in html
    assert MESSAGE not in html
    assert 'value="Applicant 5"' in html
