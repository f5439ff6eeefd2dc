"""Emails to one person, in that person's language.

Every email the portal sends to someone (a place off the waiting list, an approved
application, news of a followed recommendation) goes through ``send_to_person``: the
subject and body are rendered under ``translation.override(user.language)``, so their
text comes from the French catalogues for a French reader and every link built while
rendering (``reverse``, ``get_absolute_url``, ``absolute_url``) carries that language's
prefix (``/fr/...``). Background jobs call it; no request is needed.
"""

import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext


def _one_line(text: str) -> str:
    """A subject on one line; French non-breaking spaces (before : ; ? !) kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def language_of(user) -> str:
    """The language this person reads the portal's emails in (one of LANGUAGES)."""
    language = (getattr(user, "language", "") or "").split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def render_for_person(*, user, subject_template, body_template, context=None):
    """(subject, body, language) of an email to ``user``, rendered in their language.

    ``context`` is a dict, or a callable returning one: a callable is called under the
    person's language, which is how links in the right language are built (absolute
    URLs computed inside it get the ``/fr/`` prefix for a French reader).
    """
    language = language_of(user)
    with translation.override(language):
        values = context() if callable(context) else dict(context or {})
        values.setdefault("user", user)
        subject = _one_line(render_to_string(subject_template, values))
        body = render_to_string(body_template, values)
        prefix = gettext(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    return prefix + subject, body, language


def send_to_person(*, user, subject_template, body_template, context=None) -> EmailMessage:
    """Send one email to ``user`` in their language; returns the message sent.

    Errors from the mail server propagate, so the background job that called this is
    retried (see ``powg.jobs``).
    """
    subject, body, language = render_for_person(
        user=user, subject_template=subject_template, body_template=body_template, context=context
    )
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={"Content-Language": language},
    )
    message.send()
    return message
