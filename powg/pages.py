"""The site's own pages as data (About, the privacy notice, the home page's introduction):
reading them in the page's language, the steering committee's form and its save.

A page is read in one query, and its Markdown rendered by ``powg.markdown`` (which keeps
each text's HTML per process, so an unchanged page costs no rendering). A page whose row
is missing (a flushed database) shows the text it was created with, from the migration
that holds it; editing it creates the row.
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django import forms
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from powg.bilingual import Localized, current_language, pick
from powg.markdown import render_markdown
from powg.models import SitePage, SitePageName

EDITED_FIELDS = ["title", "body", "title_fr", "body_fr"]


@cache
def _initial_texts():
    return import_module("powg.migrations.0002_site_pages")


def initial_text(name: str) -> dict:
    """The title and text a page was created with (its contact address filled in)."""
    return _initial_texts().initial_text(name)


def page_name(name: str) -> str:
    """A page's name from the address, or 404."""
    if name not in SitePageName.values:
        raise Http404(_("There is no such page."))
    return name


def live_page(name: str) -> SitePage:
    """The page as the public sees it, in one query (its first text if it has no row)."""
    page = SitePage.objects.filter(name=name).first()
    return page if page is not None else SitePage(name=name, **initial_text(name))


def page_for_editing(name: str) -> SitePage:
    """The page's row, created with its first text if it has none.

    A page made by the migration has no revision yet: its text is kept as one the first
    time it is opened for editing, so the first edit on the site can be undone.
    """
    revisions = SitePage.history.model.objects.filter(id=OuterRef("pk"))
    page = SitePage.objects.annotate(revised=Exists(revisions)).filter(name=name).first()
    if page is not None and page.revised:
        return page  # one query, as the history pages count them
    with transaction.atomic():
        page, _created = SitePage.objects.get_or_create(name=name, defaults=initial_text(name))
        if not page.history.exists():
            page._change_reason = _("Text before the first edit on the site")
            page.save()
    return page


@dataclass
class ShownPage:
    """A page in one language: its title, its rendered text, and the text's language."""

    page: SitePage
    title: Localized
    body: Localized
    html: str

    @property
    def lang_attr(self):
        return self.body.lang_attr


def shown(page: SitePage, *, language=None) -> ShownPage:
    """The page in ``language`` (the request's): French left empty falls back to English,
    marked with ``lang``."""
    language = language or current_language()
    body = pick(page.body, page.body_fr, language=language)
    title = pick(page.title, page.title_fr, language=language)
    if not title.strip():
        title = Localized(page.get_name_display(), lang=language, wanted=language)
    return ShownPage(page=page, title=title, body=body, html=render_markdown(body))


def public_url(name: str) -> str:
    return reverse({"home": "home", "about": "about", "privacy": "privacy"}[name])


class SitePageForm(forms.ModelForm):
    """Both languages of a page, side by side; French may be left empty for now."""

    class Meta:
        model = SitePage
        fields = EDITED_FIELDS
        labels = {
            "title": gettext_lazy("Title (English)"),
            "body": gettext_lazy("Text (English)"),
            "title_fr": gettext_lazy("Title (French)"),
            "body_fr": gettext_lazy("Text (French)"),
        }
        help_texts = {
            "body": gettext_lazy("Markdown: # for a heading, - for a list item."),
            "body_fr": gettext_lazy(
                "Markdown. Left empty, the French page shows the English text, marked as English."
            ),
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 22, "lang": "en"}),
            "body_fr": forms.Textarea(attrs={"rows": 22, "lang": "fr"}),
            "title": forms.TextInput(attrs={"lang": "en"}),
            "title_fr": forms.TextInput(attrs={"lang": "fr"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].required = True
        self.fields["body"].error_messages["required"] = _("The English text cannot be empty.")


def save_page(*, form: SitePageForm, by) -> SitePage:
    """Save the edited page as a new revision."""
    with transaction.atomic():
        page = form.instance
        page.updated_by = by
        page._change_reason = _("Edited on the site")
        form.save()
    return page
