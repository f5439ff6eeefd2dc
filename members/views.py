"""Members' pages: organizations, the steering committee, joining, directory, roster, profiles."""

import mimetypes
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from members import consent, ratelimit, services
from members.forms import (
    DeclineForm,
    DirectoryFilterForm,
    JoinForm,
    LanguageForm,
    ProfileForm,
    RosterConsentForm,
    RosterFilterForm,
    RosterReferralForm,
)
from members.models import (
    Member,
    MembershipApplication,
    Organization,
    RosterPurpose,
    RosterReferral,
    SteeringCommitteeTerm,
)
from powg.csvexport import csv_response
from powg.language import remember_language
from powg.params import page_number
from powg.permissions import members_only, steering_only

PAGE_SIZE = 24


def _says_why_if_lapsed(view):
    """A lapsed member refused a members' page reads why on the 403 page, in words."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            if Member.objects.filter(user=request.user).lapsed().exists():
                messages.warning(
                    request,
                    _(
                        "Your membership has lapsed, so the members' pages are closed to "
                        "you. Please write to the steering committee to renew it."
                    ),
                )
            raise

    return wrapper


def _page(request, queryset):
    """The page asked for; a page number that is not plain ASCII digits means the first."""
    return Paginator(queryset, PAGE_SIZE).get_page(page_number(request))


@require_safe
def organization_list(request):
    """Member organizations of the working group, the administrative home and partners."""
    groups = Organization.objects.visible_to(request.user).listed().grouped_by_membership()
    return render(request, "members/organization_list.html", {"groups": groups})


@require_safe
def organization_detail(request, slug):
    """One organization: what it is, who represents it on the steering committee."""
    organization = get_object_or_404(Organization.objects.visible_to(request.user), slug=slug)
    representatives = (
        SteeringCommitteeTerm.objects.visible_to(request.user)
        .current()
        .filter(organization=organization)
        .for_listing()
        .by_role()
    )
    people = (
        Member.objects.visible_to(request.user)
        .in_directory()
        .filter(organization=organization)
        .select_related("user")
    )
    return render(
        request,
        "members/organization_detail.html",
        {"organization": organization, "representatives": representatives, "people": people},
    )


@require_safe
def organization_logo(request, slug):
    """An organization's logo (uploaded files have no public URL of their own)."""
    organization = get_object_or_404(Organization.objects.visible_to(request.user), slug=slug)
    if not organization.logo:
        raise Http404
    try:
        handle = organization.logo.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = mimetypes.guess_type(organization.logo.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def steering_committee(request):
    """Who sits on the steering committee now, and who did before."""
    terms = SteeringCommitteeTerm.objects.visible_to(request.user).for_listing()
    return render(
        request,
        "members/steering_committee.html",
        {
            "current_terms": terms.current().by_role(),
            "past_terms": terms.past().latest_ended_first(),
        },
    )


def join(request):
    """Apply to join the working group."""
    if request.user.is_authenticated:  # already has an account: nothing to apply for
        return render(request, "members/join.html", {"form": None})
    form = JoinForm(request.POST or None)
    if request.method != "POST":
        return render(request, "members/join.html", {"form": form})
    valid = form.is_valid()
    # Only an application that would be received counts (a form sent back for a
    # correction does not), but once the limit is reached every submission hears it,
    # with what the person typed still in the form.
    if not ratelimit.join_allowed(request, count=valid):
        response = render(
            request, "members/join.html", {"form": form, "rate_limited": True}, status=429
        )
        response["Retry-After"] = str(ratelimit.retry_after())
        return response
    if not valid:
        return render(request, "members/join.html", {"form": form})
    if form.is_spam():
        return redirect("members:join-thanks")
    data = form.cleaned_data
    application = services.submit_application(
        name=data["name"],
        email=data["email"],
        motivation=data["motivation"],
        organization=data["organization"],
        organization_name=data["organization_name"],
        expertise=data["expertise"],
        language=(get_language() or "en")[:2],
    )
    if application is None:
        # The same address sent twice at once: the first one is being reviewed.
        messages.info(
            request, _("Your application is already with the steering committee. Thank you.")
        )
    return redirect("members:join-thanks")


@require_safe
def join_thanks(request):
    """What happens after applying."""
    return render(request, "members/join_thanks.html")


def _member_list(request, *, members, form_class, roster):
    """The directory and the roster: the same page over a different list and filters."""
    form = form_class(request.GET or None)
    context = {
        "form": form,
        "page_obj": _page(request, form.filter(members).for_listing()),
        "filtered": bool(request.GET),
        "roster": roster,
    }
    if roster:
        context["purposes"] = RosterPurpose.choices
        context["purpose"] = form.cleaned_data.get("purpose") if form.is_bound else ""
    return render(request, "members/member_list.html", context)


@require_safe
@_says_why_if_lapsed
@members_only
def directory(request):
    """Find other members by name, organization, expertise, language or province."""
    members = Member.objects.visible_to(request.user).in_directory()
    return _member_list(request, members=members, form_class=DirectoryFilterForm, roster=False)


@require_safe
@_says_why_if_lapsed
@members_only
def roster(request):
    """Find civilian experts by what they agreed to be contacted for, area and availability."""
    members = Member.objects.visible_to(request.user).on_roster().consenting().with_purposes()
    return _member_list(request, members=members, form_class=RosterFilterForm, roster=True)


@require_safe
@_says_why_if_lapsed
@members_only
def member_detail(request, pk):
    """A member's profile."""
    member = get_object_or_404(
        Member.objects.visible_to(request.user)
        .select_related("user", "organization")
        .prefetch_related("expertise"),
        pk=pk,
    )
    terms = member.steering_terms.select_related("organization").latest_first()
    return render(
        request,
        "members/member_detail.html",
        {"member": member, "terms": terms, "is_me": member.user_id == request.user.pk},
    )


@_says_why_if_lapsed
@members_only
def my_profile(request):
    """Edit your own profile and choose who may find you."""
    member, _created = Member.objects.get_or_create(
        user=request.user, defaults={"display_name": request.user.get_full_name()}
    )
    form = ProfileForm(request.POST or None, instance=member)
    language_form = LanguageForm(request.POST or None, instance=request.user, prefix="account")
    consent_form = RosterConsentForm(
        request.POST or None,
        prefix="consent",
        initial={"purposes": consent.consented_purposes(member)},
    )
    valid = [form.is_valid(), language_form.is_valid(), consent_form.is_valid()]
    if request.method == "POST" and all(valid):
        with transaction.atomic():
            form.save()
            language_form.save()
            consent.set_consents(member=member, purposes=consent_form.cleaned_data["purposes"])
        # The page comes back in the language just chosen, and the choice sticks.
        language = request.user.language
        with translation.override(language):
            messages.success(request, _("Your profile is saved."))
        response = redirect(translate_url(reverse("members:me"), language))
        remember_language(response, language)
        return response
    return render(
        request,
        "members/my_profile.html",
        {
            "form": form,
            "language_form": language_form,
            "consent_form": consent_form,
            "member": member,
            "referrals": RosterReferral.objects.visible_to(request.user)
            .filter(member=member)
            .for_listing(),
        },
    )


@steering_only
def referral_create(request, pk):
    """Record that you referred an expert from the roster, for a purpose they agreed to."""
    member = get_object_or_404(
        Member.objects.visible_to(request.user).on_roster().select_related("user"), pk=pk
    )
    purposes = consent.consented_purposes(member)
    initial = {"purpose": request.GET.get("purpose")} if request.GET.get("purpose") else {}
    form = RosterReferralForm(request.POST or None, purposes=purposes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent.record_referral(
                member=member,
                purpose=data["purpose"],
                referred_to=data["referred_to"],
                note=data["note"],
                by=request.user,
            )
        except consent.ConsentError as error:
            form.add_error("purpose", str(error))
        else:
            messages.success(
                request,
                _("The referral of %(name)s is recorded; they see it on their profile.")
                % {"name": member.display_name},
            )
            return redirect(f"{reverse('members:roster')}?purpose={data['purpose']}")
    return render(
        request,
        "members/referral_form.html",
        {"form": form, "member": member, "purposes": purposes},
    )


def _referrals(request):
    return RosterReferral.objects.visible_to(request.user).for_listing()


@require_safe
@steering_only
def referral_list(request):
    """Every referral the steering committee made from the roster: who, to whom, when, why."""
    return render(
        request, "members/referral_list.html", {"page_obj": _page(request, _referrals(request))}
    )


@require_safe
@steering_only
def referral_list_csv(request):
    """The referrals as a spreadsheet."""
    header = [_("Recorded at"), _("Expert"), _("Purpose"), _("Referred to"), _("Note"), _("By")]
    rows = (
        [
            timezone.localtime(r.recorded_at).strftime("%Y-%m-%d %H:%M"),
            r.member.display_name,
            r.get_purpose_display(),
            r.referred_to,
            r.note,
            r.recorded_by or "",
        ]
        for r in _referrals(request)
    )
    return csv_response("roster-referrals.csv", header, rows)


@require_safe
@steering_only
def application_list(request):
    """Review applications to join: approve or decline them."""
    applications = MembershipApplication.objects.visible_to(request.user).prefetch_related(
        "expertise"
    )
    pending = applications.pending().select_related("organization").order_by("submitted_at")
    reviewed = applications.reviewed().select_related("organization", "reviewed_by")
    return render(
        request,
        "members/application_list.html",
        {"pending": pending, "reviewed": reviewed[:20], "decline_form": DeclineForm()},
    )


@require_POST
@steering_only
def application_approve(request, pk):
    """Approve an application: the account is created and the invitation sent."""
    application = get_object_or_404(MembershipApplication.objects.visible_to(request.user), pk=pk)
    if application.status != MembershipApplication.Status.PENDING:
        messages.info(request, _("This application was already reviewed; nothing changed."))
        return redirect("members:application-list")
    try:
        member = services.approve_application(
            application=application, by=request.user, request=request
        )
    except services.ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s is now a member; an email invites them to choose a password.")
            % {"name": member.display_name},
        )
    return redirect("members:application-list")


@require_POST
@steering_only
def application_decline(request, pk):
    """Decline an application, with a note for the record."""
    application = get_object_or_404(MembershipApplication.objects.visible_to(request.user), pk=pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long (2,000 characters at most)."))
        return redirect("members:application-list")
    if application.status != MembershipApplication.Status.PENDING:
        messages.info(request, _("This application was already reviewed; nothing changed."))
        return redirect("members:application-list")
    services.decline_application(
        application=application, by=request.user, note=form.cleaned_data["note"]
    )
    messages.success(
        request, _("The application of %(name)s is declined.") % {"name": application.name}
    )
    return redirect(reverse("members:application-list"))
