"""Members in the benchmark: 2,000 profiles in the directory, many on the roster."""

import random
import time

from powg.bench.timing import Page

DEPLOYABLE = [
    "human_rights",
    "policing",
    "justice",
    "gender",
    "child_protection",
    "elections",
    "mediation",
    "civil_military",
]
AVAILABILITY = ["now", "month", "quarter", "unavailable"]
PROVINCES = ["AB", "BC", "MB", "NB", "NS", "ON", "QC", "SK", "XX"]


def fill(count, log, rng=None):
    """``count`` member accounts and profiles (bulk: no per-row save), and one viewer."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from documents.models import ThematicArea
    from members.models import Member, Organization, RosterConsent, RosterPurpose
    from powg.roles import MEMBERS_GROUP

    rng = rng or random.Random(2_000)
    start = time.perf_counter()
    User = get_user_model()
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"bench-member-{n}@example.org", name=f"Member {n}", password=unusable)
        for n in range(count)
    )
    group = Group.objects.get(name=MEMBERS_GROUP)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=group.pk) for u in users
    )
    org_ids = list(Organization.objects.values_list("pk", flat=True))
    theme_ids = list(ThematicArea.objects.values_list("pk", flat=True))
    members = Member.objects.bulk_create(
        Member(
            user=user,
            display_name=f"{rng.choice('ABCDEFGHIJKLMNOPRSTW')}. Member {n}",
            organization_id=rng.choice(org_ids) if org_ids else None,
            title=rng.choice(["Director", "Researcher", "Programme officer", "Adviser", ""]),
            status="active" if n == 0 or rng.random() < 0.9 else "lapsed",  # 0: the viewer
            bio="A few lines about peace operations work. " * rng.randint(1, 6),
            languages=rng.sample(["en", "fr", "es", "ar"], rng.randint(1, 3)),
            city=rng.choice(["Ottawa", "Montréal", "Toronto", "Vancouver", "Halifax"]),
            province=rng.choice(PROVINCES),
            directory_opt_in=rng.random() < 0.8,
            show_email=rng.random() < 0.3,
            roster_opt_in=rng.random() < 0.5,
            deployable_areas=rng.sample(DEPLOYABLE, rng.randint(0, 3)),
            availability=rng.choice(AVAILABILITY),
        )
        for n, user in enumerate(users)
    )
    through = Member.expertise.through
    through.objects.bulk_create(
        through(member_id=m.pk, thematicarea_id=t)
        for m in members
        for t in rng.sample(theme_ids, rng.randint(1, 3))
    )
    # The roster lists only experts who agreed to a purpose: most agree to one or more.
    RosterConsent.objects.bulk_create(
        RosterConsent(member_id=m.pk, purpose=purpose)
        for m in members
        if m.roster_opt_in
        for purpose in rng.sample(RosterPurpose.values, rng.randint(0, 3))
    )
    log(f"Filled {count} members in {time.perf_counter() - start:.1f} s.")
    return users


def viewer():
    """The member the benchmark logs in as (the first generated account)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email="bench-member-0@example.org").first()


def pages() -> list[Page]:
    member = viewer()
    if member is None:
        return []
    return [
        Page("directory", "/members/", group="members", login=member),
        Page("roster", "/members/roster/", group="members", login=member),
    ]
