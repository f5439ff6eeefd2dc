"""Demo people and organizations (fictional people, example.org addresses)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from members.models import Member, User
from powg.roles import MEMBERS_GROUP, STEERING_GROUP

DEMO_PASSWORD = "peace-demo-2026"

DEMO_ACCOUNTS = [
    {
        "role": "member",
        "email": "member@example.org",
        "name": "Amara Okafor",
        "groups": [MEMBERS_GROUP],
    },
    {
        "role": "steering committee",
        "email": "steering@example.org",
        "name": "Julien Tremblay",
        "groups": [MEMBERS_GROUP, STEERING_GROUP],
    },
    {
        "role": "admin",
        "email": "admin@example.org",
        "name": "Sarah Lindqvist",
        "groups": [MEMBERS_GROUP, STEERING_GROUP],
        "superuser": True,
    },
]


def ensure_account(*, email, name, groups, password=DEMO_PASSWORD, superuser=False):
    """Create the account once (verified email, groups, profile); later runs leave it as it is."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"name": name, "is_staff": superuser, "is_superuser": superuser}
    )
    if created:
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=groups))
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Member.objects.get_or_create(user=user, defaults={"display_name": name})
    return user


def load(log):
    for account in DEMO_ACCOUNTS:
        ensure_account(
            email=account["email"],
            name=account["name"],
            groups=account["groups"],
            superuser=account.get("superuser", False),
        )
        log(f"account {account['email']}")
