"""Roster consent by purpose: an expert's choices, and referrals made from the roster.

Both acts lock the expert's profile row first, so a referral and a withdrawal made at
the same moment run one after the other, and a referral re-reads the consent under
that lock: a withdrawal that commits first always wins.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member, MemberStatus, RosterConsent, RosterPurpose, RosterReferral

DOUBLE_SUBMISSION_WINDOW = datetime.timedelta(minutes=10)


class ConsentError(Exception):
    """The expert has not (or no longer) agreed to be contacted for this purpose."""


def set_consents(*, member, purposes):
    """Keep exactly ``purposes`` as the expert's consents.

    Consents kept keep the time they were first given; new ones are given now; the
    others are withdrawn (deleted) at once.
    """
    wanted = {RosterPurpose(purpose) for purpose in purposes}
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()
        RosterConsent.objects.filter(member=member).exclude(purpose__in=wanted).delete()
        existing = set(
            RosterConsent.objects.filter(member=member).values_list("purpose", flat=True)
        )
        RosterConsent.objects.bulk_create(
            [RosterConsent(member=member, purpose=purpose) for purpose in sorted(wanted - existing)]
        )


def consented_purposes(member):
    """The purposes the expert agreed to, in the order of ``RosterPurpose``."""
    given = set(RosterConsent.objects.filter(member=member).values_list("purpose", flat=True))
    return [purpose for purpose in RosterPurpose if purpose in given]


def record_referral(*, member, purpose, referred_to, by, note=""):
    """Record that ``by`` referred the expert to ``referred_to`` for ``purpose``.

    Raises ``ConsentError`` if the expert is not on the roster or has not agreed to
    that purpose at the moment the referral is written.
    """
    with transaction.atomic():
        locked = Member.objects.select_for_update().filter(pk=member.pk).first()
        if (
            locked is None
            or not locked.roster_opt_in
            or locked.status != MemberStatus.ACTIVE
            or not RosterConsent.objects.filter(member=locked, purpose=purpose).exists()
        ):
            raise ConsentError(
                _(
                    "%(name)s has not agreed to be contacted for this purpose, so the "
                    "referral was not recorded."
                )
                % {"name": member.display_name}
            )
        # The same referral sent twice (a double click, a resent form) is recorded once.
        fields = {"purpose": purpose, "referred_to": referred_to, "note": note, "recorded_by": by}
        recent = timezone.now() - DOUBLE_SUBMISSION_WINDOW
        same = locked.roster_referrals.filter(recorded_at__gte=recent, **fields).first()
        if same is not None:
            return same
        return RosterReferral.objects.create(
            member=locked,
            purpose=purpose,
            referred_to=referred_to,
            note=note,
            recorded_by=by,
        )
