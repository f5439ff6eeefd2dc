"""Who came: the steering committee marks attendance on the registration list.

A registration marked as attended has the status ``attended`` (the member's event page
then says so, and their profile lists the event); unmarked, it holds a place again.
Those registered, those on the waiting list (who may have come anyway) and those already
marked can be marked; cancelled registrations cannot.
"""

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Registration, RegistrationStatus
from powg.roles import is_steering

MARKABLE_STATUSES = [
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.ATTENDED,
]
# Blank lines at the foot of the sign-in sheet, for those who come without registering.
WALK_IN_LINES = 10


class AttendanceError(Exception):
    """Attendance that cannot be recorded as asked; the message is for the organizer."""


def can_mark_attendance(event, now=None) -> bool:
    """From the day the event starts (in its own time zone) on; never for a cancelled one."""
    if event.is_cancelled:
        return False
    today = (now or timezone.now()).astimezone(event.zone).date()
    return today >= event.starts_local.date()


def mark_attendance(*, event, shown, present, by) -> tuple[int, int]:
    """Record who came among the registrations ``shown`` on the form (ids).

    Those in ``present`` become attended, the other shown ones that were marked go back
    to holding a place. Rows not on the form (registered since it was opened) keep what
    they had. Returns (how many now attended among those shown, how many changed).
    """
    if not is_steering(by):
        raise AttendanceError(_("Only the steering committee can record attendance."))
    if not can_mark_attendance(event):
        raise AttendanceError(
            _("Attendance can be recorded from the day of the event, unless it is cancelled.")
        )
    shown, present = set(shown), set(present) & set(shown)
    now = timezone.now()
    with transaction.atomic():
        rows = event.registrations.filter(pk__in=shown, status__in=MARKABLE_STATUSES)
        locked = dict(rows.select_for_update().values_list("pk", "status"))
        was_marked = {pk for pk, status in locked.items() if status == RegistrationStatus.ATTENDED}
        to_mark = (present & locked.keys()) - was_marked
        to_unmark = was_marked - present
        changed = Registration.objects.filter(pk__in=to_mark).update(
            status=RegistrationStatus.ATTENDED, attendance_marked_at=now, updated_at=now
        )
        if to_unmark:
            # Someone who registered again meanwhile holds a place already: the unique
            # constraint allows one such registration, so that mark stays.
            holding = event.registrations.filter(status__in=Registration.ACTIVE_STATUSES).values(
                "user_id"
            )
            changed += (
                Registration.objects.filter(pk__in=to_unmark)
                .exclude(user_id__in=holding)
                .update(
                    status=RegistrationStatus.REGISTERED,
                    attendance_marked_at=None,
                    updated_at=now,
                )
            )
        attended = event.registrations.filter(
            pk__in=shown, status=RegistrationStatus.ATTENDED
        ).count()
    return attended, changed


def sign_in_sheet_rows(event):
    """Those holding a place (or marked as attended), by name, for the printed sheet."""
    return list(
        event.registrations.filter(
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED]
        )
        .select_related("user", "user__member", "user__member__organization")
        .order_by(Lower("user__name"), Lower("user__email"), "pk")
    )
