"""allauth, fitted to the portal: closed sign-up, emails and logins in the person's language."""

import copy

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sites.models import Site
from django.urls import translate_url
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext, gettext_noop

from members.models import User
from powg.audit import AuditAction, record
from powg.language import remember_language

# The English of ACCOUNT_EMAIL_SUBJECT_PREFIX, marked so that its French is catalogued.
gettext_noop("[PO Working Group] ")


def _page_language():
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def _recipient(email, context):
    """The account an email goes to: the one in the context, else the one with that address."""
    user = context.get("user")
    if isinstance(user, User):
        return user
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        user = address.user if address else None
    return user


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is closed: membership comes through an application the steering committee reviews.

    Emails (password reset, address confirmation, notices) are written in the
    recipient's ``User.language``, links included; a message to an address with no
    account is in the language of the page that asked for it. A member who chose
    French is taken to the French site when they log in.
    """

    def is_open_for_signup(self, request):
        return False

    def save_user(self, request, user, form, commit=True):
        user.language = _page_language()
        return super().save_user(request, user, form, commit=commit)

    def format_email_subject(self, subject):
        prefix = app_settings.EMAIL_SUBJECT_PREFIX
        if prefix is None:
            return super().format_email_subject(subject)
        return gettext(prefix) + force_str(subject)

    def send_mail(self, template_prefix, email, context):
        user = _recipient(email, context)
        language = user.language if user is not None else _page_language()
        # Links are translated from the page's language, so before switching to theirs.
        context = {
            key: translate_url(value, language)
            if key.endswith("_url") and isinstance(value, str)
            else value
            for key, value in context.items()
        }
        with translation.override(language):
            # allauth's greeting names the site: name it in the email's language too.
            site = copy.copy(context.get("current_site") or Site.objects.get_current())
            site.name = gettext(site.name)
            super().send_mail(template_prefix, email, {**context, "current_site": site})

    def get_login_redirect_url(self, request):
        url = super().get_login_redirect_url(request)
        # French is a choice; English is only the default, so it never overrides the page.
        if request.user.language == "fr" and _page_language() != "fr":
            url = translate_url(url, "fr")
        return url

    def post_login(self, request, user, **kwargs):
        """After every stage (the authenticator code too): an admin's login is audited."""
        if user.is_staff or user.is_superuser:
            record(actor=user, action=AuditAction.ADMIN_LOGIN, target=user)
        response = super().post_login(request, user, **kwargs)
        if user.language == "fr":
            remember_language(response, "fr")
        return response
