"""The steering committee's edit and history pages of one recommendation."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from documents import recommendations_services as services
from documents.models import Addressee, Recommendation
from documents.recommendation_editing import (
    AssignmentFormSet,
    RecommendationForm,
    save_recommendation,
)
from powg.permissions import steering_only
from powg.revision_views import history_page, restore_view, revision_page
from powg.revisions import conflicting_changes, revision_token


def _recommendation(request, pk):
    recommendations = Recommendation.objects.visible_to(request.user).select_related("document")
    return get_object_or_404(recommendations, pk=pk)


def _title(recommendation):
    return _("Recommendation %(number)s of %(title)s") % {
        "number": recommendation.number,
        "title": recommendation.document.title,
    }


def _formset_errors(formset):
    """The formset's errors for the summary at the top, each linking to its row."""
    found = [{"text": error, "id": ""} for error in formset.non_form_errors()]
    for number, form in enumerate(formset.forms, start=1):
        for error in form.non_field_errors():
            found.append({"text": error, "id": f"{form.prefix}-row"})
        for error in form.errors.get("addressee", []):
            label = _("Addressee %(number)d") % {"number": number}
            found.append({"text": f"{label}: {error}", "id": form["addressee"].auto_id})
    return found


@steering_only
def recommendation_edit(request, pk):
    """Edit a recommendation's number, heading, text, themes, place and addressees."""
    recommendation = _recommendation(request, pk)
    data = request.POST if request.method == "POST" else None
    addressees = list(Addressee.objects.all())
    form = RecommendationForm(data, instance=recommendation)
    assignments = AssignmentFormSet(
        data,
        instance=recommendation,
        prefix="assignments",
        queryset=recommendation.assignments.select_related("addressee").prefetch_related("updates"),
        form_kwargs={"addressees": addressees},
    )
    conflict = None
    if data is not None:
        if form.is_valid() and assignments.is_valid():
            conflict = conflicting_changes(recommendation, data.get("revision"))
            if conflict is None:
                save_recommendation(form=form, assignments=assignments, by=request.user)
                messages.success(request, _("The recommendation is saved."))
                return redirect(recommendation.get_absolute_url())
        else:
            messages.error(
                request, _("The recommendation was not saved: correct what is marked below.")
            )
    return render(
        request,
        "documents/recommendations/edit/recommendation_edit.html",
        {
            "recommendation": recommendation,
            "form": form,
            "assignments": assignments,
            "formset_errors": _formset_errors(assignments) if data is not None else [],
            "revision": revision_token(recommendation),
            "conflict": conflict,
        },
    )


def _history_urls(recommendation):
    return {
        "base_url": reverse("documents:recommendation-history", args=[recommendation.pk]),
        "edit_url": reverse("documents:recommendation-edit", args=[recommendation.pk]),
    }


@steering_only
def recommendation_history(request, pk):
    """See every saved revision of a recommendation."""
    recommendation = _recommendation(request, pk)
    return history_page(
        request, recommendation, title=_title(recommendation), **_history_urls(recommendation)
    )


@steering_only
def recommendation_revision(request, pk, history_id):
    """See one revision of a recommendation beside the live version, and restore it."""
    recommendation = _recommendation(request, pk)
    return revision_page(
        request,
        recommendation,
        history_id,
        title=_title(recommendation),
        **_history_urls(recommendation),
    )


def _refresh(recommendation):
    services.refresh_search_vectors(recommendations=[recommendation])


@steering_only
def recommendation_restore(request, pk, history_id):
    """Make a past revision of a recommendation the live version again."""
    recommendation = _recommendation(request, pk)
    return restore_view(
        request,
        recommendation,
        history_id,
        base_url=_history_urls(recommendation)["base_url"],
        after_restore=_refresh,
    )
