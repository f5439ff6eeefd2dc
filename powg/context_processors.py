from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language

from powg.roles import is_member, is_steering


def _page_addresses(request, other):
    """This page's path, its canonical URL and the other language's path.

    Built from a resolved path only.

    A path no page answers (any 404, or ``//evil.example/``, which a browser reads as
    another site) gives the home page's addresses instead: never the raw path.
    """
    try:
        resolve(request.path_info)
    except Resolver404:
        with translation.override(other):
            other_home = reverse("home")
        home = reverse("home")
        return home, request.build_absolute_uri(home), other_home
    path = "/" + request.path.lstrip("/")
    full_path = "/" + request.get_full_path().lstrip("/")
    return full_path, request.build_absolute_uri(path), translate_url(full_path, other)


def site(request):
    """Site-wide template context; role checks are lazy (called only if a template asks)."""
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    other = "fr" if current == "en" else "en"
    page_path, canonical_url, other_language_url = _page_addresses(request, other)
    return {
        "contact_email": settings.CONTACT_EMAIL,
        "page_path": page_path,  # for ?next= links: never a raw path
        "other_language": other,
        "other_language_url": other_language_url,
        "canonical_url": canonical_url,
        "user_is_member": lambda: is_member(request.user),
        "user_is_steering": lambda: is_steering(request.user),
    }
