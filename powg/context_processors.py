from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language

from powg.roles import is_member, is_steering


def _resolves(request) -> bool:
    try:
        resolve(request.path_info)
    except Resolver404:
        return False
    return True


def _page_addresses(request, other):
    """This page's path, its canonical URL and the other language's path.

    Built from a resolved path only.

    A path no page answers (any 404, or ``//evil.example/``, which a browser reads as
    another site) gives the home page's addresses instead: never the raw path.
    """
    if not _resolves(request):
        with translation.override(other):
            other_home = reverse("home")
        home = reverse("home")
        return home, request.build_absolute_uri(home), other_home
    path = "/" + request.path.lstrip("/")
    full_path = "/" + request.get_full_path().lstrip("/")
    return full_path, request.build_absolute_uri(path), translate_url(full_path, other)


def language_versions(request, *, versions: dict, canonical: str) -> None:
    """Tell the layout that this page's content exists in these versions.

    ``versions`` maps a language to the path of the version in it, under that
    language's prefix (a document and its visible counterpart); ``canonical`` is the
    path of the page's own content. The language switcher then leads to the version
    in the other language where there is one, and ``hreflang`` alternates link the
    versions only (none for content in one language only). Pages that do not call it
    are interface pages: the same address in each language.
    """
    request.language_versions = (dict(versions), canonical)


def _alternates(request, by_language: dict) -> list:
    """``hreflang`` links: (language, absolute URL), each language once, in order."""
    if len(by_language) < 2:
        return []
    return [(code, request.build_absolute_uri(path)) for code, path in sorted(by_language.items())]


def site(request):
    """Site-wide template context; role checks are lazy (called only if a template asks)."""
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    other = "fr" if current == "en" else "en"
    page_path, canonical_url, other_language_url = _page_addresses(request, other)
    chosen = getattr(request, "language_versions", None)
    if chosen is not None:
        versions, canonical = chosen
        canonical_url = request.build_absolute_uri(canonical)
        other_language_url = versions.get(other, other_language_url)
        alternates = _alternates(request, versions)
    elif _resolves(request):
        path = "/" + request.path.lstrip("/")
        alternates = _alternates(request, {current: path, other: translate_url(path, other)})
    else:
        alternates = []  # an error page has no equivalent
    return {
        "hreflang_alternates": alternates,
        "contact_email": settings.CONTACT_EMAIL,
        "page_path": page_path,  # for ?next= links: never a raw path
        "other_language": other,
        "other_language_url": other_language_url,
        "canonical_url": canonical_url,
        "user_is_member": lambda: is_member(request.user),
        "user_is_steering": lambda: is_steering(request.user),
    }
