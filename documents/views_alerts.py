"""Email alerts' pages: subscribe, confirm, preferences, unsubscribe, and the counts.

The pages reached from an email take a signed token instead of a login
(``documents.alerts``); a link that does not work says why in words, never a 500.
Their answers are never cached, and they are kept out of search engines.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from documents import alerts
from documents.models import AlertFrequency, DocumentType, ThematicArea
from powg.permissions import steering_only


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class AlertChoicesForm(forms.Form):
    themes = ThemeChoiceField(
        label=_("Thematic areas"),
        queryset=ThematicArea.objects.order_by("display_order", "name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none to hear of every thematic area."),
    )
    document_types = forms.MultipleChoiceField(
        label=_("Types of document"),
        choices=DocumentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none to hear of every type."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=AlertFrequency.choices,
        initial=AlertFrequency.WEEKLY,
        widget=forms.RadioSelect,
        help_text=_("One email with every new paper, only when there is something new."),
    )


class SubscribeForm(AlertChoicesForm):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    field_order = ["email", "themes", "document_types", "frequency"]


class PreferencesForm(AlertChoicesForm):
    language = forms.ChoiceField(
        label=_("Language of the emails"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )


def _language():
    return (get_language() or settings.LANGUAGE_CODE)[:2]


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """Ask to be emailed when papers on chosen themes and types are published."""
    theme = request.GET.get("theme", "")
    form = SubscribeForm(request.POST or None, initial={"themes": [theme] if theme else []})
    if request.method != "POST" or not form.is_valid():
        return render(request, "documents/alerts/subscribe.html", {"form": form})
    data = form.cleaned_data
    if not alerts.subscribe_allowed(request, email=data["email"]):
        response = render(
            request,
            "documents/alerts/subscribe.html",
            {"form": form, "rate_limited": True},
            status=429,
        )
        response["Retry-After"] = "3600"
        return response
    alerts.subscribe(
        email=data["email"],
        themes=data["themes"],
        document_types=data["document_types"],
        frequency=data["frequency"],
        language=_language(),
    )
    return redirect("documents:alert-check-email")


@require_safe
def check_email(request):
    """What happens next: the email to look for (the same answer for every address)."""
    return render(request, "documents/alerts/check_email.html")


def _bad_link(request, problem, purpose):
    """The page saying, in words, why a link from an email does not work."""
    context = {"reason": problem.reason, "purpose": purpose, "days": alerts.MAX_AGE[purpose].days}
    status = 404 if problem.reason == "gone" else 400
    return render(request, "documents/alerts/bad_link.html", context, status=status)


def _from_token(request, token, purpose):
    """(subscription, None), or (None, the page explaining why the link does not work)."""
    try:
        return alerts.read_token(token, purpose), None
    except alerts.BadToken as problem:
        return None, _bad_link(request, problem, purpose)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """Confirm the subscription from the link in the confirmation email."""
    subscription, problem = _from_token(request, token, alerts.CONFIRM)
    if problem:
        return problem
    if request.method == "POST":
        if alerts.confirm(subscription=subscription):
            messages.success(
                request, _("Your subscription is confirmed. Here you can change it at any time.")
            )
        token = alerts.make_token(subscription, alerts.PREFERENCES)
        return redirect("documents:alert-preferences", token=token)
    return render(request, "documents/alerts/confirm.html", {"subscription": subscription})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    """Change the themes, types, frequency and language of one's alerts, without logging in."""
    subscription, problem = _from_token(request, token, alerts.PREFERENCES)
    if problem:
        return problem
    initial = {
        "themes": [theme.slug for theme in subscription.themes.all()],
        "document_types": subscription.document_types,
        "frequency": subscription.frequency,
        "language": subscription.language,
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        alerts.update_preferences(subscription=subscription, **form.cleaned_data)
        messages.success(request, _("Your preferences are saved."))
        return HttpResponseRedirect(request.path)
    context = {
        "form": form,
        "subscription": subscription,
        "unsubscribe_url": reverse(
            "documents:alert-unsubscribe",
            kwargs={"token": alerts.make_token(subscription, alerts.UNSUBSCRIBE)},
        ),
    }
    return render(request, "documents/alerts/preferences.html", context)


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST here with no page and no cookie
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Stop the alerts: a page with one button, or a one-click POST from the mail client."""
    try:
        subscription = alerts.read_token(token, alerts.UNSUBSCRIBE)
    except alerts.BadToken as problem:
        if problem.reason == "gone":  # unsubscribed already: say so again
            return render(request, "documents/alerts/unsubscribed.html")
        return _bad_link(request, problem, alerts.UNSUBSCRIBE)
    if request.method != "POST":
        return render(request, "documents/alerts/unsubscribe.html", {"subscription": subscription})
    alerts.unsubscribe(subscription=subscription)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return render(request, "documents/alerts/unsubscribed.html")
    return redirect("documents:alert-unsubscribed")


@require_safe
def unsubscribed(request):
    """The alerts are stopped; the address is forgotten."""
    return render(request, "documents/alerts/unsubscribed.html")


@require_safe
@steering_only
def subscribers(request):
    """How many confirmed subscribers each thematic area has (no addresses)."""
    context = alerts.subscriber_counts()
    context["sees_addresses"] = request.user.is_superuser
    return render(request, "documents/alerts/subscribers.html", context)
