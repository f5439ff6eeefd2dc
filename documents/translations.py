"""Recording what the steering committee decided about a missing translation.

A document without its other-language version is a *gap*; the committee marks it as
planned (with the date the translation should be published by), not planned, or
clears the decision. A past date is accepted (a plan recorded late is still a plan)
and then shows as late; the page that calls this says so.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, TranslationPlan


def check_translation_plan(*, plan, due) -> None:
    """The rules, each broken one as an error on its field (``plan`` or ``due``)."""
    if plan not in TranslationPlan.values:
        raise ValidationError({"plan": _("Choose planned, not planned or not decided.")})
    if plan == TranslationPlan.PLANNED and due is None:
        raise ValidationError({"due": _("Give the date the translation should be published by.")})
    if plan != TranslationPlan.PLANNED and due is not None:
        raise ValidationError(
            {
                "due": _(
                    "A date goes only with a planned translation: choose “Planned”, "
                    "or leave the date empty."
                )
            }
        )


def set_translation_plan(*, document, plan, due=None, by=None) -> Document:
    """Mark a gap as planned (by ``due``), not planned, or undecided (``plan=""``).

    The row is locked while it is checked: a counterpart linked meanwhile means there
    is nothing left to plan, and only clearing is accepted.
    """
    check_translation_plan(plan=plan, due=due)
    with transaction.atomic():
        current = (
            Document.objects.select_for_update()
            .only("other_language_version_id", "language")
            .get(pk=document.pk)
        )
        if current.other_language_version_id is not None and plan:
            raise ValidationError(
                {"plan": _("This document has its other-language version already: clear the plan.")}
            )
        now = timezone.now()
        Document.objects.filter(pk=document.pk).update(
            translation_plan=plan, translation_due=due, updated_by=by, updated_at=now
        )
    document.translation_plan, document.translation_due = plan, due
    document.updated_by, document.updated_at = by, now
    return document
