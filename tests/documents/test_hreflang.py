"""hreflang alternates only between real equivalents, reciprocal, each page listing itself."""

from html.parser import HTMLParser

import pytest

from documents import services
from powg.visibility import Visibility
from tests.factories import DocumentFactory, EventFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


class HeadLinks(HTMLParser):
    """The page's canonical URL and its hreflang alternates, read from the HTML."""

    def __init__(self):
        super().__init__()
        self.canonical = None
        self.alternates = {}
        self.repeated = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag != "link":
            return
        if attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif attrs.get("rel") == "alternate" and "hreflang" in attrs:
            if attrs["hreflang"] in self.alternates:
                self.repeated.append(attrs["hreflang"])
            self.alternates[attrs["hreflang"]] = attrs["href"]


def head(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    parser = HeadLinks()
    parser.feed(response.content.decode())
    assert parser.repeated == [], path
    return parser


def assert_reciprocal(client, alternates):
    """Each alternate lists the same set, itself included."""
    for language, url in alternates.items():
        assert url.startswith(HOST)
        other = head(client, url.removeprefix(HOST))
        assert other.alternates == alternates, url
        assert other.alternates[language] == url
        assert other.canonical == url, url


@pytest.fixture
def site():
    theme = ThematicAreaFactory(slug="protection")
    event = EventFactory()
    return theme, event


@pytest.mark.parametrize("prefix", ["", "/fr"])
@pytest.mark.parametrize(
    "path",
    ["/", "/about/", "/library/", "/themes/", "/themes/protection/", "/events/", "EVENT"],
)
def test_interface_pages_list_both_languages_reciprocally(client, site, prefix, path):
    theme, event = site
    path = event.get_absolute_url() if path == "EVENT" else path
    page = head(client, f"{prefix}{path}")
    assert page.alternates == {"en": f"{HOST}{path}", "fr": f"{HOST}/fr{path}"}
    assert page.alternates["fr" if prefix else "en"] == page.canonical  # itself
    assert_reciprocal(client, page.alternates)


def test_the_query_string_stays_out_of_alternates_and_canonical(client):
    page = head(client, "/library/?q=civilian&page=2")
    assert page.alternates == {"en": f"{HOST}/library/", "fr": f"{HOST}/fr/library/"}
    assert page.canonical == f"{HOST}/library/"


def test_an_unknown_address_has_no_alternates(client):
    assert head(client, "/no-such-page/").alternates == {}
    assert head(client, "/fr/library/no-such-document/").alternates == {}


@pytest.fixture
def pair():
    english = DocumentFactory(slug="civilian-capacity", language="en")
    french = DocumentFactory(slug="capacite-civile", language="fr")
    services.pair_documents(document=english, counterpart=french)
    return english, french


EXPECTED_PAIR = {
    "en": f"{HOST}/library/civilian-capacity/",
    "fr": f"{HOST}/fr/library/capacite-civile/",
}


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/library/civilian-capacity/", "/library/civilian-capacity/"),
        ("/fr/library/capacite-civile/", "/fr/library/capacite-civile/"),
        ("/fr/library/civilian-capacity/", "/library/civilian-capacity/"),
        ("/library/capacite-civile/", "/fr/library/capacite-civile/"),
    ],
)
def test_a_pair_lists_its_two_versions_under_their_own_prefixes(client, pair, path, canonical):
    page = head(client, path)
    assert page.alternates == EXPECTED_PAIR
    assert page.canonical == f"{HOST}{canonical}"
    assert_reciprocal(client, page.alternates)


@pytest.mark.parametrize("path", ["/library/english-only/", "/fr/library/english-only/"])
def test_a_document_in_one_language_lists_no_alternates(client, path):
    DocumentFactory(slug="english-only", language="en")
    page = head(client, path)
    assert page.alternates == {}
    assert page.canonical == f"{HOST}/library/english-only/"


def test_a_french_document_canonicalises_under_fr(client):
    DocumentFactory(slug="francais-seulement", language="fr")
    page = head(client, "/library/francais-seulement/")
    assert page.alternates == {}
    assert page.canonical == f"{HOST}/fr/library/francais-seulement/"


SEES_MEMBERS = {"public": False, "member": True, "steering": True, "admin": True}


def test_alternates_only_to_a_counterpart_the_reader_may_see(role_user, client_as):
    role, user = role_user
    english = DocumentFactory(slug="civilian-capacity", language="en")
    french = DocumentFactory(slug="capacite-civile", language="fr", visibility=Visibility.MEMBERS)
    services.pair_documents(document=english, counterpart=french)
    client = client_as(user)
    page = head(client, "/library/civilian-capacity/")
    if SEES_MEMBERS[role]:
        assert page.alternates == EXPECTED_PAIR
        assert_reciprocal(client, page.alternates)
    else:
        assert page.alternates == {}
        assert page.canonical == f"{HOST}/library/civilian-capacity/"
