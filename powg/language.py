"""The language a visitor reads in: the browser's on a first visit, then their own choice.

English pages have no prefix (``/about/``), French ones ``/fr/`` (``i18n_patterns``).
A first visit to an English page from a browser that prefers French is sent once to
the French address of the same page. Every page then records the language it was
served in, in the language cookie, so the next visit is not redirected again: a
visitor who clicks "English" stays in English. Logged-in members' own choice
(``User.language``) is applied at login by ``members.adapters``.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils.cache import patch_vary_headers

SITE_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def preferred_language(header):
    """The site language an ``Accept-Language`` header ranks highest, or None.

    Tags are compared by their primary subtag (``fr-CA`` is ``fr``); ``q`` values
    decide, ties go to the earlier tag; ``q=0``, wildcards and malformed parts are
    ignored.
    """
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        tag, *params = part.split(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in SITE_LANGUAGES:
            continue
        quality = 1.0
        for param in params:
            name, _sep, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = -1.0
        if 0 < quality <= 1:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else None


def remember_language(response, language):
    """Set the language cookie as Django's own ``set_language`` view does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _is_page(response):
    """A whole HTML page, not a feed, a calendar, a file, an error or a redirect."""
    return (
        response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not response.has_header("Content-Disposition")
        and not response.streaming
    )


def _from_this_site(request):
    """The visitor followed a link on this site: not a first visit, whatever the cookie.

    Without it, a browser that refuses cookies could never reach an English page.
    """
    referer = request.headers.get("Referer")
    return bool(referer) and urlsplit(referer).netloc == request.get_host()


class LanguageChoiceMiddleware:
    """Follow Accept-Language on a first visit, then the language the visitor reads in.

    Placed after ``LocaleMiddleware``. Only pages under ``i18n_patterns`` are concerned;
    a page is redirected only on a GET with no language cookie, no ``?lang``, no
    language prefix and no link from this site, when the browser prefers another site
    language. The decision is taken on the response, so feeds, calendars, files,
    ``robots.txt`` and sitemaps (not HTML) are never redirected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or not _is_page(response):
            return response
        # LocaleMiddleware serves every unprefixed address in LANGUAGE_CODE, so any other
        # language it chose came from the path's prefix.
        served = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
        prefix = served if served != settings.LANGUAGE_CODE else None
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        wanted = None
        if not prefix:
            # What this answer depended on (LocaleMiddleware names Accept-Language too).
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            if (
                request.method == "GET"
                and cookie is None
                and "lang" not in request.GET
                and not _from_this_site(request)
            ):
                wanted = preferred_language(request.headers.get("Accept-Language"))
        if wanted in (None, served) and cookie == served:
            return response  # the usual case: nothing to decide, no URL to reverse
        full_path = request.get_full_path()
        if not prefix:
            other = wanted if wanted not in (None, served) else _other(served)
            target = translate_url(full_path, other)
            if target == full_path:
                return response  # not a page in both languages (the admin, say)
            if wanted not in (None, served):
                redirect = HttpResponseRedirect(target)
                patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
                return redirect
        remember_language(response, served)
        return response


def _other(language):
    return next(code for code in SITE_LANGUAGES if code != language)
