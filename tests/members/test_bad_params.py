"""Every members list page, in both languages, answers hand-edited parameters with a page.

``²`` and ``¹⁹⁹⁹`` pass ``str.isdigit()`` but not ``int()``; ``١٢`` passes ``int()`` but is
no ASCII number; NUL bytes cannot reach PostgreSQL at all. None may give a 500, and a
malformed page number means the first page, never a guess.
"""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

PAGES = {
    "/members/": ("member", ["q", "theme", "language", "province"]),
    "/members/roster/": ("member", ["area", "availability"]),
    "/organizations/": (None, []),
    "/members/applications/": ("steering", []),
}
BAD_VALUES = ["%C2%B2", "%C2%B9%E2%81%B9%E2%81%B9%E2%81%B9", "%D9%A1%D9%A2", "%00", "1%002", "-1"]


def _cases():
    """Each bad value as the page number, then in every filter at once (plain and prefixed)."""
    for url, (_role, filters) in PAGES.items():
        names = ["page", "q", *filters]
        for prefix in ("", "/fr"):
            for value in BAD_VALUES:
                yield prefix + url, f"page={value}"
                yield prefix + url, "&".join(f"{name}={value}" for name in names)
                yield prefix + url, "&".join(f"{name}=x{value}" for name in names)


def _experts(count):
    for i in range(count):
        factories.listed_member(
            display_name=f"Person {i:02d}",
            roster_opt_in=True,
            deployable_areas=["policing"],
            availability="now",
        )


@pytest.fixture
def few():
    """Something on every page: two experts, an organization, a pending application."""
    _experts(2)
    factories.OrganizationFactory()
    factories.MembershipApplicationFactory(name="Pending Person")


@pytest.fixture
def people():
    """Thirty listed experts: two pages of the directory and of the roster."""
    _experts(30)


@pytest.mark.parametrize(("url", "query"), list(_cases()))
def test_bad_parameters_give_the_page_not_a_500(url, query, few, request, client_as):
    role, _filters = PAGES[url.removeprefix("/fr")]
    user = request.getfixturevalue(role) if role else None
    response = client_as(user).get(f"{url}?{query}")
    assert response.status_code == 200, response.content[:300]
    assert b"<h1" in response.content


@pytest.mark.parametrize("url", ["/members/", "/members/roster/"])
@pytest.mark.parametrize("value", ["%C2%B2", "%D9%A2", "%C2%B9%E2%81%B9%E2%81%B9%E2%81%B9"])
def test_a_page_number_in_other_digits_means_the_first_page(url, value, people, client_as, member):
    html = client_as(member).get(f"{url}?page={value}").content.decode()
    assert "Page 1 of 2" in html
    assert "Person 00" in html


@pytest.mark.parametrize("url", ["/members/", "/members/roster/"])
def test_an_ascii_page_number_still_turns_the_page(url, people, client_as, member):
    html = client_as(member).get(f"{url}?page=2").content.decode()
    assert "Page 2 of 2" in html
    assert "Person 29" in html and "Person 00" not in html


def test_a_nul_byte_in_the_search_is_ignored_not_applied(people, client_as, member):
    html = client_as(member).get("/members/?q=Person%0001").content.decode()
    assert "Person 01" in html and "Person 02" in html  # the bad search is not applied
