"""The steering committee's pages of the recommendations tracker, and members' follows.

Import a pasted section (preview, correct, save), add status updates and assignments,
review suggested links; members follow recommendations, addressees and themes.
"""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents import follows
from documents import recommendations_services as services
from documents.models import (
    Addressee,
    Assignment,
    Document,
    Follow,
    Recommendation,
    SuggestedLink,
    ThematicArea,
)
from documents.recommendation_forms import (
    AssignmentForm,
    ConfirmSuggestionForm,
    HeadingMapFormSet,
    ImportItemFormSet,
    ImportSourceForm,
    StatusUpdateForm,
    addressee_choices,
)
from documents.recommendation_import import parse_recommendations
from powg.permissions import members_only, steering_only

_PARTS = re.compile(r"\n\s*\n")

# --- import -------------------------------------------------------------------------------


def _rows_from_parse(result, slugs_by_name):
    """The parser's items as form rows (numbers as printed, with their heading)."""
    return [
        {
            "number": item.number,
            "parent": item.parent or "",
            "addressees": [slugs_by_name[n] for n in item.addressees if n in slugs_by_name],
            "text": item.text,
            "heading": (item.heading or "")[:300],
        }
        for item in result.items
    ]


def _edited_rows(item_formset, mapping):
    """Apply leave-out, merge, split and the heading map; say whether anything moved."""
    rows, changed = [], False
    for form in item_formset.forms:
        data = form.cleaned_data
        if data.get("leave_out"):
            changed = True
            continue
        text = (data.get("text") or "").strip()
        if data.get("merge") and rows:
            rows[-1]["text"] = f"{rows[-1]['text']} {text}".strip()
            changed = True
            continue
        row = {
            "number": data.get("number", ""),
            "parent": data.get("parent", ""),
            "addressees": list(data.get("addressees") or []),
            "text": text,
            "heading": data.get("heading", ""),
        }
        if not row["addressees"] and mapping.get(row["heading"]):
            row["addressees"] = [mapping[row["heading"]]]
        parts = [p.strip() for p in _PARTS.split(text) if p.strip()] if data.get("split") else []
        if len(parts) > 1:
            changed = True
            rows.append({**row, "text": parts[0]})
            rows.extend({**row, "number": "", "text": part} for part in parts[1:])
            continue
        rows.append(row)
    return rows, changed


def _check_rows(item_formset, rows, *, document, default):
    """Cross-item checks before saving, each error tied to its item's field."""
    existing = set(document.recommendations.values_list("heading", "number"))
    seen = set()
    ok = True
    for form, row in zip(item_formset.forms, rows, strict=True):
        key = (row["heading"], row["number"])
        if key in seen:
            form.add_error(
                "number",
                _("Number %(number)s is used twice under this heading: each item needs its own.")
                % {"number": row["number"]},
            )
            ok = False
        seen.add(key)
        parent = (row["heading"], row["parent"])
        if row["parent"] and parent not in seen and parent not in existing:
            form.add_error(
                "parent",
                _("No earlier item under this heading is numbered %(number)s.")
                % {"number": row["parent"]},
            )
            ok = False
        if not row["addressees"] and not default:
            form.add_error(
                "addressees",
                _("Choose an addressee, map the item's heading, or give a default addressee."),
            )
            ok = False
    return ok


def _groups(item_formset, labels):
    """The forms in runs of the same heading, for the preview's sections."""
    groups = []
    for form in item_formset.forms:
        heading = form["heading"].value() or ""
        if not groups or groups[-1]["heading"] != heading:
            groups.append({"heading": heading, "forms": []})
        groups[-1]["forms"].append(form)
    return groups


def _by_addressee(rows, labels, default):
    """How many items each addressee receives, for the preview's summary."""
    counts = {}
    for row in rows:
        for slug in row["addressees"] or ([default] if default else [None]):
            counts.setdefault(slug, []).append(row["number"] or "?")
    return [
        {"label": labels.get(slug, _("No addressee yet")), "numbers": numbers, "slug": slug}
        for slug, numbers in counts.items()
    ]


def _rows_of(formset):
    return [
        {
            "number": f["number"].value() or "",
            "addressees": list(f["addressees"].value() or []),
        }
        for f in formset.forms
    ]


@steering_only
def recommendation_import(request):
    """Paste a report's recommendations, check and correct the preview, then save them."""
    addressees = list(Addressee.objects.all())
    choices = addressee_choices(addressees)
    labels = dict(choices)
    slugs_by_name = {a.name: a.slug for a in addressees}
    document = None
    slug = request.POST.get("document") or request.GET.get("document")
    if slug:
        document = Document.objects.visible_to(request.user).filter(slug=slug).first()
    data = request.POST if request.method == "POST" else None
    initial = {"document": document} if document else None
    source = ImportSourceForm(
        data, initial=initial, user=request.user, addressees=addressees, document=document
    )
    form_kwargs = {"choices": choices}
    items = headings = None
    action = request.POST.get("action", "parse")

    if data is not None and source.is_valid():
        default = source.cleaned_data["default_addressee"]
        if action == "parse" or "item-TOTAL_FORMS" not in data:
            result = parse_recommendations(
                source.cleaned_data["text"],
                addressees=Addressee.objects.for_parser(),
                default_addressee=default and Addressee.objects.get(slug=default).name,
            )
            rows = _rows_from_parse(result, slugs_by_name)
            if result.empty:
                messages.warning(
                    request,
                    _(
                        "No recommendations were found in the text. Check that it has "
                        "numbered items (“1.”, “2.”) under their headings."
                    ),
                )
            items = ImportItemFormSet(initial=rows, prefix="item", form_kwargs=form_kwargs)
            headings = HeadingMapFormSet(
                initial=[{"heading": h} for h in result.unrecognized_headings],
                prefix="heading",
                form_kwargs=form_kwargs,
            )
        else:
            items = ImportItemFormSet(data, prefix="item", form_kwargs=form_kwargs)
            headings = HeadingMapFormSet(data, prefix="heading", form_kwargs=form_kwargs)
            if items.is_valid() and headings.is_valid():
                mapping = {
                    f.cleaned_data["heading"]: f.cleaned_data["addressee"]
                    for f in headings.forms
                    if f.cleaned_data.get("addressee")
                }
                rows, changed = _edited_rows(items, mapping)
                if changed or action != "save":
                    if changed and action == "save":
                        messages.info(
                            request,
                            _("Your changes are applied below: check them, then save."),
                        )
                    items = ImportItemFormSet(initial=rows, prefix="item", form_kwargs=form_kwargs)
                elif not rows:
                    messages.error(request, _("There is nothing to save."))
                elif _check_rows(
                    items, rows, document=source.cleaned_data["document"], default=default
                ):
                    saved = _save_import(
                        request,
                        rows=rows,
                        document=source.cleaned_data["document"],
                        default=default,
                    )
                    if saved is not None:
                        return saved
                else:
                    messages.error(request, _("Some items need a correction: see below."))
            else:
                messages.error(request, _("Some items need a correction: see below."))
    elif data is not None:
        messages.error(request, _("Check the document and the pasted text."))

    rows = _rows_of(items) if items is not None and not items.is_bound else []
    if items is not None and items.is_bound:
        rows = _rows_of(items)
    default = source["default_addressee"].value() or None
    return render(
        request,
        "documents/recommendations/edit/import.html",
        {
            "source_form": source,
            "items": items,
            "headings": headings,
            "groups": _groups(items, labels) if items is not None else [],
            "by_addressee": _by_addressee(rows, labels, default) if items is not None else [],
            "document": document,
        },
    )


def _save_import(request, *, rows, document, default):
    """Save through the service; a double submission or bad data gets a message."""
    try:
        result = services.import_recommendations(
            document=document,
            items=rows,
            default_addressee=default or None,
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    except IntegrityError:
        messages.warning(
            request,
            _(
                "These recommendations were being saved by another submission at the same "
                "moment: nothing was saved twice. Check the document's page."
            ),
        )
        return redirect(document.get_absolute_url())
    if result.created or result.updated:
        messages.success(
            request,
            ngettext(
                "Saved: %(created)d new recommendation, %(updated)d corrected, "
                "%(unchanged)d unchanged.",
                "Saved: %(created)d new recommendations, %(updated)d corrected, "
                "%(unchanged)d unchanged.",
                result.created,
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    else:
        messages.info(
            request,
            ngettext(
                "Nothing new: this recommendation was already saved.",
                "Nothing new: these %(count)d recommendations were already saved.",
                result.unchanged,
            )
            % {"count": result.unchanged},
        )
    if result.suggestions:
        messages.info(
            request,
            ngettext(
                "%(count)d possible repeat of an earlier recommendation awaits review.",
                "%(count)d possible repeats of earlier recommendations await review.",
                result.suggestions,
            )
            % {"count": result.suggestions},
        )
    return redirect(document.get_absolute_url())


# --- status updates and assignments ---------------------------------------------------------


def _recommendation(request, pk):
    recommendations = Recommendation.objects.visible_to(request.user).select_related("document")
    return get_object_or_404(recommendations, pk=pk)


@steering_only
def recommendation_update(request, pk):
    """Add a dated, sourced status update to one of the recommendation's addressees."""
    recommendation = _recommendation(request, pk)
    data = request.POST if request.method == "POST" else None
    initial = {}
    if request.GET.get("assignment", "").isdigit():
        initial["assignment"] = int(request.GET["assignment"])
    form = StatusUpdateForm(data, initial=initial, recommendation=recommendation, user=request.user)
    if data is not None and form.is_valid():
        values = form.cleaned_data
        try:
            with transaction.atomic():
                services.add_status_update(
                    assignment=values["assignment"],
                    date=values["date"],
                    response=values["response"],
                    status=values["status"],
                    progress=values["progress"],
                    note=values["note"],
                    sources=form.sources(),
                    by=request.user,
                    is_correction=values["is_correction"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Status update added for %(addressee)s.")
                % {"addressee": values["assignment"].addressee.label},
            )
            return redirect(recommendation.get_absolute_url())
    return render(
        request,
        "documents/recommendations/edit/update.html",
        {
            "recommendation": recommendation,
            "form": form,
            "assignment_form": AssignmentForm(recommendation=recommendation),
        },
    )


@steering_only
@require_POST
def recommendation_assign(request, pk):
    """Address the recommendation to one more addressee."""
    recommendation = _recommendation(request, pk)
    form = AssignmentForm(request.POST, recommendation=recommendation)
    if form.is_valid():
        addressee = form.cleaned_data["addressee"]
        _assignment, created = Assignment.objects.get_or_create(
            recommendation=recommendation, addressee=addressee
        )
        if created:
            services.refresh_search_vectors(recommendations=[recommendation])
        messages.success(
            request,
            _("Addressed to %(addressee)s.") % {"addressee": addressee.label},
        )
    else:
        messages.error(request, _("Choose an addressee it is not yet addressed to."))
    return redirect("documents:recommendation-update", pk=recommendation.pk)


# --- suggested links -----------------------------------------------------------------------


@steering_only
def suggestion_list(request):
    """Confirm or dismiss the links the import proposed between recommendations."""
    suggestions = list(SuggestedLink.objects.queue()[:100])
    return render(
        request,
        "documents/recommendations/edit/suggestions.html",
        {"suggestions": suggestions, "form": ConfirmSuggestionForm()},
    )


def _proposed(pk):
    return get_object_or_404(SuggestedLink.objects.select_related("from_recommendation"), pk=pk)


@steering_only
@require_POST
def suggestion_confirm(request, pk):
    """Make a proposed link real: "reiterates" or "builds on"."""
    suggestion = _proposed(pk)
    form = ConfirmSuggestionForm(request.POST)
    if suggestion.state != "proposed":
        messages.info(request, _("This suggestion was already decided."))
    elif form.is_valid():
        services.confirm_suggestion(
            suggestion=suggestion, kind=form.cleaned_data["kind"] or "reiterates", by=request.user
        )
        messages.success(request, _("Link confirmed."))
    else:
        messages.error(request, _("Choose the kind of link."))
    return redirect("documents:recommendation-suggestions")


@steering_only
@require_POST
def suggestion_dismiss(request, pk):
    """Turn a proposed link down: the pair is never proposed again."""
    suggestion = _proposed(pk)
    if suggestion.state != "proposed":
        messages.info(request, _("This suggestion was already decided."))
    else:
        services.dismiss_suggestion(suggestion=suggestion, by=request.user)
        messages.success(request, _("Suggestion dismissed: it will not be proposed again."))
    return redirect("documents:recommendation-suggestions")


# --- follows -----------------------------------------------------------------------------


def _follow_target(request):
    """The item a follow form names, through ``visible_to``: a hidden item is 404."""
    kind, value = request.POST.get("kind"), request.POST.get("target", "")
    if kind == Follow.Kind.RECOMMENDATION and value.isdigit():
        return {"recommendation": _recommendation(request, int(value))}
    if kind == Follow.Kind.ADDRESSEE:
        return {"addressee": get_object_or_404(Addressee, slug=value)}
    if kind == Follow.Kind.THEME:
        return {"theme": get_object_or_404(ThematicArea, slug=value)}
    raise Http404


@members_only
@require_POST
def follow(request):
    """Follow or stop following a recommendation, an addressee or a theme."""
    target = _follow_target(request)
    if request.POST.get("action") == "unfollow":
        follows.unfollow(user=request.user, **target)
        messages.success(request, _("You no longer follow it."))
    else:
        follows.follow(user=request.user, language=get_language(), **target)
        messages.success(request, _("Followed: you will get an email when its status changes."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("documents:recommendation-following")
    return redirect(back)


@members_only
def following(request):
    """See what you follow, stop following it, and follow addressees or themes."""
    mine = list(Follow.objects.of(request.user).visible_to(request.user).for_listing())
    followed_addressees = {f.addressee_id for f in mine if f.addressee_id}
    followed_themes = {f.theme_id for f in mine if f.theme_id}
    return render(
        request,
        "documents/recommendations/edit/following.html",
        {
            "recommendations": [f for f in mine if f.recommendation_id],
            "addressees": [
                (a, a.pk in followed_addressees)
                for a in Addressee.objects.order_by("display_order", "name")
            ],
            "themes": [(t, t.pk in followed_themes) for t in ThematicArea.objects.all()],
        },
    )
