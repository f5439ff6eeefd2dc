"""Site pages: home, about, the privacy notice, favicon and the error pages."""

from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from powg import pages


@require_safe
def home(request):
    """The front page: what the group is, its latest publications and upcoming events."""
    return render(request, "home.html", {"site_page": pages.shown(pages.live_page("home"))})


@require_safe
def about(request):
    """The group's mission, objectives, functions and structure."""
    return render(request, "about.html", {"site_page": pages.shown(pages.live_page("about"))})


@require_safe
def privacy(request):
    """What the group does with what people send it, and how to see or delete it."""
    return render(request, "privacy.html", {"site_page": pages.shown(pages.live_page("privacy"))})


def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Rendered without the request context: whatever failed may fail again there.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
