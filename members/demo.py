"""Demo people and organizations (fictional people, example.org addresses).

Organizations carry the names the group's papers mention; every person is invented.
"""

import datetime
from importlib import import_module

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils.text import slugify

from documents.models import ThematicArea
from members.models import (
    Availability,
    Member,
    MembershipApplication,
    Organization,
    RosterConsent,
    RosterPurpose,
    SteeringCommitteeTerm,
    SteeringRole,
    User,
)
from members.services import save_term
from powg.bilingual import french_spacing
from powg.roles import MEMBERS_GROUP, STEERING_GROUP

DEMO_PASSWORD = "peace-demo-2026"
# The steering and admin demo accounts must have two-factor authentication (powg.mfa):
# their authenticator app uses this fixed secret, printed by load_demo.
DEMO_TOTP_SECRET = "PEACEDEMOPEACEDEMOPEACEDEMOPEACE"

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


def ensure_demo_totp(*, email):
    """Give the account an authenticator app with the demo secret, unless it has one."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    user = User.objects.get(email=email)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


K = Organization.Kind
M = Organization.Membership

ORGANIZATIONS = [
    # name, acronym, kind, membership, city, province, website, description
    (
        "Peace Operations Resource Centre",
        "PORC",
        K.NGO,
        M.ADMINISTRATIVE_HOME,
        "Ottawa",
        "Ontario",
        "",
        "Demo organization: the member NGO that serves as the working group's administrative "
        "home, keeping its accounts, records and correspondence.",
    ),
    (
        "Canadian Peacebuilding Coordinating Committee",
        "CPCC",
        K.NETWORK,
        M.EX_OFFICIO,
        "Ottawa",
        "Ontario",
        "",
        "The national network of Canadian peacebuilding organizations. The working group is "
        "one of its working groups and reports to its annual meeting; it sits on the steering "
        "committee ex officio.",
    ),
    (
        "United Nations Association in Canada",
        "UNA-Canada",
        K.ASSOCIATION,
        M.MEMBER,
        "Ottawa",
        "Ontario",
        "https://unac.org/",
        "A national association promoting public understanding of the United Nations.",
    ),
    (
        "Pearson Peacekeeping Centre",
        "PPC",
        K.NGO,
        M.MEMBER,
        "Ottawa",
        "Ontario",
        "",
        "A peacekeeping training and research centre that trained military, police and civilian "
        "personnel for peace operations.",
    ),
    (
        "CANADEM",
        "",
        K.NGO,
        M.MEMBER,
        "Ottawa",
        "Ontario",
        "https://www.canadem.ca/",
        "Canada's civilian reserve: a roster of experts available for deployment to peace "
        "operations, elections and humanitarian missions.",
    ),
    (
        "Group of 78",
        "G78",
        K.ASSOCIATION,
        M.MEMBER,
        "Ottawa",
        "Ontario",
        "https://group78.org/",
        "A policy group promoting peace, disarmament and a strong United Nations.",
    ),
    (
        "Norman Paterson School of International Affairs, Carleton University",
        "NPSIA",
        K.UNIVERSITY,
        M.MEMBER,
        "Ottawa",
        "Ontario",
        "https://carleton.ca/npsia/",
        "Graduate school of international affairs; research on conflict and peace operations.",
    ),
    (
        "Hautes études internationales, Université Laval",
        "HEI",
        K.UNIVERSITY,
        M.MEMBER,
        "Québec",
        "Quebec",
        "https://www.hei.ulaval.ca/",
        "Institute of international studies; research on peace and security.",
    ),
    (
        "Graduate School of Public and International Affairs, University of Ottawa",
        "GSPIA",
        K.UNIVERSITY,
        M.PARTNER,
        "Ottawa",
        "Ontario",
        "https://www.uottawa.ca/faculty-social-sciences/public-international-affairs",
        "Teaching and research in public and international affairs.",
    ),
]

# The organizations' descriptions in French, added where empty (by name). The Laval
# institute's English description was French in an earlier demo: corrected in place.
ORGANIZATION_DESCRIPTIONS_FR = {
    "Peace Operations Resource Centre": (
        "Organisation de démonstration : l’ONG membre qui accueille le groupe de travail "
        "et tient ses comptes, ses dossiers et sa correspondance."
    ),
    "Canadian Peacebuilding Coordinating Committee": (
        "Le réseau national des organisations canadiennes de consolidation de la paix. Le "
        "groupe de travail est l’un de ses groupes de travail et rend compte à son "
        "assemblée annuelle ; le Comité siège d’office à son comité directeur."
    ),
    "United Nations Association in Canada": (
        "Une association nationale qui aide le public à mieux connaître les Nations Unies."
    ),
    "Pearson Peacekeeping Centre": (
        "Un centre de formation et de recherche sur le maintien de la paix, qui a préparé "
        "du personnel militaire, policier et civil aux opérations de paix."
    ),
    "CANADEM": (
        "La réserve civile du Canada : un répertoire d’experts prêts à partir en "
        "opération de paix, en mission électorale ou en mission humanitaire."
    ),
    "Group of 78": (
        "Un groupe de réflexion qui œuvre pour la paix, le désarmement et une Organisation "
        "des Nations Unies forte."
    ),
    "Norman Paterson School of International Affairs, Carleton University": (
        "École supérieure d’affaires internationales ; recherche sur les conflits et les "
        "opérations de paix."
    ),
    "Hautes études internationales, Université Laval": (
        "Institut d’études internationales ; recherche sur la paix et la sécurité."
    ),
    "Graduate School of Public and International Affairs, University of Ottawa": (
        "Enseignement et recherche en affaires publiques et internationales."
    ),
}
EARLIER_DESCRIPTIONS = {
    "Institut d'études internationales; recherche sur la paix et la sécurité.": (
        "Institute of international studies; research on peace and security."
    ),
}


def _describe_in_french(organization):
    """Add the French description, and correct an English one that was French."""
    changed = []
    english = EARLIER_DESCRIPTIONS.get(organization.description)
    if english:
        organization.description = english
        changed.append("description")
    french = ORGANIZATION_DESCRIPTIONS_FR.get(organization.name)
    if french and not organization.description_fr:
        organization.description_fr = french_spacing(french)
        changed.append("description_fr")
    if changed:
        organization.save(update_fields=changed)


T = SteeringRole
A = Availability
THEMES = {
    "poc": "protection-of-civilians-and-the-responsibility-to-protect",
    "reform": "un-reform-and-peace-operations-policy",
    "mandates": "mandates-legitimacy-and-the-use-of-force",
    "civcap": "civilian-capacity-and-expert-deployment",
    "rapid": "rapid-deployment-and-standing-capacity",
    "police": "police-rule-of-law-and-justice",
    "ddr": "peacebuilding-transition-and-recovery-ddr-ssr",
    "regional": "regional-organizations-and-partnerships",
    "wps": "women-peace-and-security",
    "finance": "financing-and-the-liquidity-crisis",
    "canada": "canadas-role-in-peace-operations",
    "mediation": "conflict-prevention-and-mediation",
    "cimic": "civil-military-coordination-and-training",
    "tech": "performance-accountability-and-new-technology",
}

# email, name, organization acronym or name, title, city, province, languages, themes,
# directory, show email, roster, deployable areas, availability, bio
PEOPLE = [
    (
        "member@example.org",
        None,
        "UNA-Canada",
        "Program officer",
        "Ottawa",
        "ON",
        ["en", "fr", "sw"],
        ["poc", "wps", "regional"],
        True,
        True,
        True,
        ["human_rights", "gender"],
        A.MONTH,
        "Works on civilian protection and on the **African Union's** partnership with the UN. "
        "Served two years with a human rights component in the field.",
    ),
    (
        "steering@example.org",
        None,
        "PORC",
        "Director",
        "Ottawa",
        "ON",
        ["fr", "en"],
        ["reform", "canada", "finance"],
        True,
        True,
        False,
        [],
        A.UNAVAILABLE,
        "Coordinates the working group's program and its submissions to UN reviews.",
    ),
    (
        "admin@example.org",
        None,
        "PORC",
        "Portal administrator",
        "Ottawa",
        "ON",
        ["en", "fr"],
        ["tech"],
        False,
        False,
        False,
        [],
        A.UNAVAILABLE,
        "",
    ),
    (
        "helene.gagnon@example.org",
        "Hélène Gagnon",
        "HEI",
        "Professor of political science",
        "Québec",
        "QC",
        ["fr", "en", "es"],
        ["mandates", "regional", "reform"],
        True,
        True,
        False,
        [],
        A.UNAVAILABLE,
        "Research on Security Council mandates and the legitimacy of the use of force.",
    ),
    (
        "david.mensah@example.org",
        "David Mensah",
        "CANADEM",
        "Roster manager",
        "Ottawa",
        "ON",
        ["en", "fr"],
        ["civcap", "rapid"],
        True,
        True,
        True,
        ["elections", "human_rights"],
        A.NOW,
        "Recruits and prepares civilian experts for rapid deployment.",
    ),
    (
        "priya.raman@example.org",
        "Priya Raman",
        "NPSIA",
        "Associate professor",
        "Ottawa",
        "ON",
        ["en"],
        ["tech", "reform", "finance"],
        True,
        False,
        False,
        [],
        A.UNAVAILABLE,
        "Studies performance measurement and accountability in UN missions.",
    ),
    (
        "marc.lefebvre@example.org",
        "Marc Lefebvre",
        "PPC",
        "Former training director",
        "Gatineau",
        "QC",
        ["fr", "en"],
        ["cimic", "police"],
        True,
        True,
        True,
        ["civil_military", "policing"],
        A.QUARTER,
        "Designed civil-military coordination courses for police and civilian staff.",
    ),
    (
        "grace.thompson@example.org",
        "Grace Thompson",
        "G78",
        "Board member",
        "Toronto",
        "ON",
        ["en"],
        ["canada", "mediation"],
        True,
        False,
        False,
        [],
        A.UNAVAILABLE,
        "Writes on Canada's contribution to UN peacekeeping and on preventive diplomacy.",
    ),
    (
        "samuel.kone@example.org",
        "Samuel Koné",
        None,
        "Independent mediator",
        "Montréal",
        "QC",
        ["fr", "en", "ar"],
        ["mediation", "ddr"],
        True,
        True,
        True,
        ["mediation", "child_protection"],
        A.NOW,
        "Mediation support and reintegration of former combatants in West Africa.",
    ),
    (
        "lena.fischer@example.org",
        "Lena Fischer",
        "CPCC",
        "Network coordinator",
        "Ottawa",
        "ON",
        ["en", "fr"],
        ["ddr", "wps"],
        True,
        True,
        False,
        [],
        A.UNAVAILABLE,
        "Coordinates the Coordinating Committee's working groups.",
    ),
    (
        "omar.haddad@example.org",
        "Omar Haddad",
        None,
        "Retired police superintendent",
        "Halifax",
        "NS",
        ["en", "ar"],
        ["police"],
        False,
        False,
        True,
        ["policing", "justice"],
        A.MONTH,
        "Twenty years of policing, three deployments with UN police.",
    ),
    (
        "isabelle.roy@example.org",
        "Isabelle Roy",
        "GSPIA",
        "Doctoral researcher",
        "Ottawa",
        "ON",
        ["fr", "en"],
        ["wps", "poc"],
        True,
        False,
        True,
        ["gender", "child_protection"],
        A.MONTH,
        "Gender advisers in peace operations: training, placement and influence.",
    ),
    (
        "peter.walsh@example.org",
        "Peter Walsh",
        "UNA-Canada",
        "Volunteer",
        "Winnipeg",
        "MB",
        ["en"],
        ["canada"],
        True,
        False,
        False,
        [],
        A.UNAVAILABLE,
        "",
    ),
]

# email, role, organization acronym or name, starts, ends
TERMS = [
    ("steering@example.org", T.CHAIR, "PORC", datetime.date(2024, 1, 15), None),
    ("helene.gagnon@example.org", T.CO_CHAIR, "HEI", datetime.date(2024, 1, 15), None),
    ("lena.fischer@example.org", T.EX_OFFICIO, "CPCC", datetime.date(2023, 6, 1), None),
    ("david.mensah@example.org", T.SECRETARY, "CANADEM", datetime.date(2024, 1, 15), None),
    ("grace.thompson@example.org", T.TREASURER, "G78", datetime.date(2024, 1, 15), None),
    (
        "marc.lefebvre@example.org",
        T.CHAIR,
        "PPC",
        datetime.date(2019, 1, 15),
        datetime.date(2023, 12, 31),
    ),
    (
        "priya.raman@example.org",
        T.SECRETARY,
        "NPSIA",
        datetime.date(2020, 1, 15),
        datetime.date(2023, 12, 31),
    ),
    (
        "peter.walsh@example.org",
        T.MEMBER,
        "UNA-Canada",
        datetime.date(2021, 1, 15),
        datetime.date(2024, 12, 31),
    ),
]

APPLICATIONS = [
    (
        "Noah Bergeron",
        "noah.bergeron@example.org",
        "PPC",
        "",
        "I trained police officers for UN missions and would like to contribute to the group's "
        "work on rule of law.",
        ["police", "cimic"],
    ),
    (
        "Aisha Abdi",
        "aisha.abdi@example.org",
        None,
        "Women in Security Network (demo)",
        "Our network brings women peacekeepers together; we wish to join as an organization.",
        ["wps"],
    ),
    (
        "Tomás Álvarez",
        "tomas.alvarez@example.org",
        None,
        "",
        "Graduate student writing on the financing of peace operations.",
        ["finance", "reform"],
    ),
]


def _organizations(log):
    by_key = {}
    for name, acronym, kind, membership, city, province, website, description in ORGANIZATIONS:
        organization, _created = Organization.objects.get_or_create(
            slug=slugify(name)[:200],
            defaults={
                "name": name,
                "acronym": acronym,
                "kind": kind,
                "membership": membership,
                "city": city,
                "province": province,
                "website": website,
                "description": description,
                "joined_on": datetime.date(2005, 3, 1),
            },
        )
        _describe_in_french(organization)
        by_key[acronym or name] = organization
    log(f"{len(ORGANIZATIONS)} organizations")
    return by_key


def _themes():
    if not ThematicArea.objects.exists():
        loader = getattr(import_module("documents.demo"), "load_thematic_areas", None)
        if loader:
            loader(lambda message: None)
    return {theme.slug: theme for theme in ThematicArea.objects.filter(slug__in=THEMES.values())}


def _people(organizations, log):
    themes = _themes()
    members = {}
    for row in PEOPLE:
        (
            email,
            name,
            org,
            title,
            city,
            province,
            languages,
            theme_keys,
            directory,
            show_email,
            roster,
            areas,
            availability,
            bio,
        ) = row
        if name:
            ensure_account(email=email, name=name, groups=[MEMBERS_GROUP])
        member = Member.objects.select_related("user").get(user__email=email)
        if not member.title:  # set once; later edits made on the site are kept
            member.organization = organizations.get(org) if org else None
            member.title = title
            member.city = city
            member.province = province
            member.languages = languages
            member.directory_opt_in = directory
            member.show_email = show_email
            member.roster_opt_in = roster
            member.deployable_areas = areas
            member.availability = availability
            member.bio = bio
            member.member_since = datetime.date(2019 + len(email) % 6, 1 + len(email) % 12, 1)
            member.save()
            member.expertise.set([themes[THEMES[k]] for k in theme_keys if THEMES[k] in themes])
        members[email] = member
    log(f"{len(PEOPLE)} member profiles")
    return members


# What demo experts on the roster agreed to be referred for (member@example.org: nothing
# yet, so the demo member can choose on My profile).
ROSTER_CONSENTS = {
    "david.mensah@example.org": [
        RosterPurpose.MEDIA,
        RosterPurpose.GOVERNMENT,
        RosterPurpose.DEPLOYMENT,
    ],
    "marc.lefebvre@example.org": [RosterPurpose.GOVERNMENT, RosterPurpose.DEPLOYMENT],
    "samuel.kone@example.org": [RosterPurpose.DEPLOYMENT],
    "omar.haddad@example.org": [RosterPurpose.MEDIA, RosterPurpose.GOVERNMENT],
    "isabelle.roy@example.org": [RosterPurpose.MEDIA],
}


def _roster_consents(members, log):
    # Only experts with no consent at all get the demo's: choices made on the site stay.
    for email, purposes in ROSTER_CONSENTS.items():
        member = members[email]
        if not RosterConsent.objects.filter(member=member).exists():
            RosterConsent.objects.bulk_create(
                [RosterConsent(member=member, purpose=purpose) for purpose in purposes]
            )
    log(f"{len(ROSTER_CONSENTS)} experts' roster consents")


def _terms(members, organizations, log):
    for email, role, org, starts_on, ends_on in TERMS:
        term = SteeringCommitteeTerm.objects.filter(
            member=members[email], role=role, starts_on=starts_on
        ).first()
        if term is None:  # the service puts the holder of a current term in the group
            save_term(
                term=SteeringCommitteeTerm(
                    member=members[email],
                    role=role,
                    organization=organizations[org],
                    starts_on=starts_on,
                    ends_on=ends_on,
                )
            )
    log(f"{len(TERMS)} steering committee terms")


def _applications(organizations, log):
    themes = _themes()
    for name, email, org, org_name, motivation, theme_keys in APPLICATIONS:
        application, created = MembershipApplication.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "organization": organizations.get(org) if org else None,
                "organization_name": org_name,
                "motivation": motivation,
                "consent": True,
            },
        )
        if created:
            application.expertise.set(
                [themes[THEMES[k]] for k in theme_keys if THEMES[k] in themes]
            )
    log(f"{len(APPLICATIONS)} membership applications")


def load(log):
    for account in DEMO_ACCOUNTS:
        ensure_account(
            email=account["email"],
            name=account["name"],
            groups=account["groups"],
            superuser=account.get("superuser", False),
        )
        log(f"account {account['email']}")
        if account["groups"] != [MEMBERS_GROUP] or account.get("superuser"):
            ensure_demo_totp(email=account["email"])
    organizations = _organizations(log)
    members = _people(organizations, log)
    _terms(members, organizations, log)
    _roster_consents(members, log)
    _applications(organizations, log)
