"""Revisions of edited content, on top of django-simple-history: comparing two states,
a word-level diff of long texts, lost-update protection and restoring.

Every model edited on the site has ``history = HistoricalRecords()``; the request's user
is recorded by ``simple_history.middleware.HistoryRequestMiddleware``.

Lost updates: the edit form carries the token of the revision it was opened on
(``revision_token``). When it comes back, ``conflicting_changes`` says what others saved
since; the view then saves nothing and shows those changes beside the editor's own text.
"""

import difflib
import os
import re
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from powg.audit import AuditAction, record

# Bookkeeping, not content: never shown as a change.
SKIPPED = {"id", "created_at", "updated_at", "updated_by", "search_vector", "rank_vector"}
LONG_TEXT = 120  # texts longer than this (or multi-line) are compared word by word


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    diff: SafeString | None = None


@dataclass
class Conflict:
    """What other editors saved since the editor opened the page."""

    changes: list[FieldChange]
    records: list = field(default_factory=list)


def _records(obj):
    return obj.history.select_related("history_user").order_by("-history_date", "-history_id")


def revision_token(obj) -> str:
    """The token of the saved state an edit form starts from ("0": never saved)."""
    if obj is None or obj.pk is None:
        return "0"
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(latest or 0)


def conflicting_changes(obj, token) -> Conflict | None:
    """None when nobody saved ``obj`` since ``token``; otherwise what they changed."""
    if obj is None or obj.pk is None:
        return None
    try:
        since = int(token)
    except (TypeError, ValueError):
        since = 0
    newer = list(_records(obj).filter(history_id__gt=since))
    if not newer:
        return None
    base = obj.history.filter(history_id=since).first()
    latest = newer[0]
    changes = compare(base, latest) if base is not None else []
    return Conflict(changes=changes, records=newer)


def tracked_fields(model) -> list[models.Field]:
    """The content fields a revision of ``model`` carries, in the model's order."""
    history_model = model.history.model
    kept = {f.name for f in history_model._meta.fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.name in kept and f.name not in SKIPPED and f.editable
    ]


def _display(model_field, value) -> str:
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.FileField):
        return os.path.basename(str(value))
    if isinstance(model_field, models.ForeignKey):
        target = model_field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target is not None else f"#{value}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _value(state, model_field):
    return getattr(state, model_field.attname, None)


def _model_of(state):
    return state.instance_type if hasattr(state, "instance_type") else type(state)


def differing_fields(old, new, fields=None) -> list[models.Field]:
    """The tracked fields whose values differ between two states (no query)."""
    return [
        model_field
        for model_field in fields or tracked_fields(_model_of(new))
        if _value(old, model_field) != _value(new, model_field)
        and not (_value(old, model_field) in (None, "") and _value(new, model_field) in (None, ""))
    ]


def compare(old, new, fields=None) -> list[FieldChange]:
    """The fields that differ between two states (historical records or instances)."""
    changes = []
    for model_field in differing_fields(old, new, fields):
        before, after = _value(old, model_field), _value(new, model_field)
        old_text, new_text = _display(model_field, before), _display(model_field, after)
        long = (
            isinstance(model_field, models.TextField)
            or max(len(old_text), len(new_text)) > LONG_TEXT
        )
        changes.append(
            FieldChange(
                name=model_field.name,
                label=str(model_field.verbose_name).capitalize(),
                old=old_text,
                new=new_text,
                diff=word_diff(old_text, new_text) if long else None,
            )
        )
    return changes


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old_text: str, new_text: str) -> SafeString:
    """Both texts merged, words removed in ``<del>``, words added in ``<ins>``."""
    old_words, new_words = _TOKENS.findall(old_text or ""), _TOKENS.findall(new_text or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(old_words[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(new_words[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # every piece escaped above


def with_changed_labels(records, older=None) -> list:
    """Each record (newest first) with ``changed``: the labels of the fields it changed
    from the one before it. ``older`` is the record before the last one, if any."""
    records = list(records)
    if not records:
        return records
    for newer, before in zip(records, [*records[1:], older], strict=True):
        newer.changed = (
            [str(f.verbose_name).capitalize() for f in differing_fields(before, newer)]
            if before is not None
            else []
        )
    return records


def restore(history_record, *, by):
    """Make a past revision the live version again: saved as a new revision."""
    with transaction.atomic():
        obj = history_record.instance
        model = type(obj)
        live = model._default_manager.select_for_update().get(pk=obj.pk)
        live.restore_kept = []  # unique values another row has taken since: kept as they are
        for model_field in tracked_fields(model):
            value = getattr(obj, model_field.attname)
            if (
                model_field.unique
                and value is not None
                and model._default_manager.filter(**{model_field.attname: value})
                .exclude(pk=obj.pk)
                .exists()
            ):
                live.restore_kept.append(str(model_field.verbose_name))
                continue
            setattr(live, model_field.attname, value)
        if hasattr(live, "updated_by_id"):
            live.updated_by = by
        live._change_reason = _("Restored revision %(number)s") % {
            "number": history_record.history_id
        }
        live.save()
        record(
            actor=by,
            action=AuditAction.RESTORE,
            target=live,
            detail=_("revision %(number)s") % {"number": history_record.history_id},
        )
    return live
