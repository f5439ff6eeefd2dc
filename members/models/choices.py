"""The fixed lists of the members app: kinds, statuses, provinces, languages, roles.

They live apart from the models so querysets and forms can use them without importing
a model; each model also names its own (``Member.Status``, ``Organization.Kind``...).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    NGO = "ngo", _("NGO")
    UNIVERSITY = "university", _("University or institute")
    ASSOCIATION = "association", _("Association")
    NETWORK = "network", _("Network")
    GOVERNMENT = "government", _("Government")
    INTERNATIONAL = "international", _("International organization")


class OrganizationMembership(models.TextChoices):
    MEMBER = "member", _("Member organization")
    ADMINISTRATIVE_HOME = "home", _("Administrative home")
    EX_OFFICIO = "ex_officio", _("Ex officio")
    PARTNER = "partner", _("Partner")
    NONE = "none", _("None")


# The headings of the organizations page, in the order it shows them.
MEMBERSHIP_GROUPS = [
    (OrganizationMembership.ADMINISTRATIVE_HOME, _("Administrative home")),
    (OrganizationMembership.EX_OFFICIO, _("Ex officio")),
    (OrganizationMembership.MEMBER, _("Member organizations")),
    (OrganizationMembership.PARTNER, _("Partners")),
]


class Province(models.TextChoices):
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    MB = "MB", _("Manitoba")
    NB = "NB", _("New Brunswick")
    NL = "NL", _("Newfoundland and Labrador")
    NS = "NS", _("Nova Scotia")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")
    ON = "ON", _("Ontario")
    PE = "PE", _("Prince Edward Island")
    QC = "QC", _("Quebec")
    SK = "SK", _("Saskatchewan")
    YT = "YT", _("Yukon")
    OUTSIDE = "XX", _("Outside Canada")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    PORTUGUESE = "pt", _("Portuguese")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh", _("Chinese")
    SWAHILI = "sw", _("Swahili")


class DeployableArea(models.TextChoices):
    HUMAN_RIGHTS = "human_rights", _("Human rights monitoring")
    POLICING = "policing", _("Policing")
    JUSTICE = "justice", _("Corrections and justice")
    GENDER = "gender", _("Gender")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    ELECTIONS = "elections", _("Elections")
    MEDIATION = "mediation", _("Mediation")
    CIVIL_MILITARY = "civil_military", _("Civil-military coordination")


class Availability(models.TextChoices):
    NOW = "now", _("Available within two weeks")
    MONTH = "month", _("Available within a month")
    QUARTER = "quarter", _("Available within three months")
    UNAVAILABLE = "unavailable", _("Not available at present")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LAPSED = "lapsed", _("Lapsed")


class SteeringRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    SECRETARY = "secretary", _("Secretary")
    TREASURER = "treasurer", _("Treasurer")
    EX_OFFICIO = "ex_officio", _("Ex officio")
    MEMBER = "member", _("Member")


ROLE_RANK = {role.value: rank for rank, role in enumerate(SteeringRole)}


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
