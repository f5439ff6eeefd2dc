"""Demo events modelled on the group's own, in our own words, with fictional people.

Idempotent: every object is found by its slug (or natural key) before it is created.
What an earlier version of the demo got wrong is corrected in place when it is found
(only those stale values, so an edit made while trying the site is kept).
"""

import datetime
import zoneinfo

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from documents.models import ThematicArea
from events.models import (
    AgendaItem,
    Event,
    EventFormat,
    EventQuestion,
    EventSeries,
    EventStatus,
    EventType,
    Participant,
    Registration,
)
from members.demo import ensure_account
from members.models import Organization, User
from powg.bilingual import french_spacing
from powg.roles import MEMBERS_GROUP
from powg.visibility import Visibility

ROUNDTABLE_REPORT = "roundtable-report-future-of-un-peacekeeping-2007"
WEBINAR_CONCEPT_NOTE = "concept-note-webinar-series-future-of-peacekeeping-2020"

# Extra fictional members who fill the full workshop and its waiting list.
DEMO_ATTENDEES = [
    ("Priya Raman", "priya.raman@example.org"),
    ("Thomas Bélanger", "thomas.belanger@example.org"),
    ("Grace Mwangi", "grace.mwangi@example.org"),
    ("Lukas Schneider", "lukas.schneider@example.org"),
    ("Nadia Haddad", "nadia.haddad@example.org"),
    ("Owen MacLeod", "owen.macleod@example.org"),
    ("Fatou Diallo", "fatou.diallo@example.org"),
    ("Hannah Kowalski", "hannah.kowalski@example.org"),
    ("Marc-André Gagnon", "marc-andre.gagnon@example.org"),
    ("Ingrid Solberg", "ingrid.solberg@example.org"),
]


def _at(day, hour, minute=0, zone="America/Toronto"):
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone)
    )


def _themes(*names):
    return list(ThematicArea.objects.filter(name__in=names))


def _organization(name, acronym="", kind=Organization.Kind.NGO):
    slug = slugify(name)
    found = Organization.objects.filter(Q(name=name) | Q(slug=slug)).first()
    if found:
        return found
    return Organization.objects.create(name=name, slug=slug, acronym=acronym, kind=kind)


def _event(slug, *, themes=(), organizers=(), partners=(), questions=(), agenda=(), **fields):
    event, created = Event.objects.get_or_create(slug=slug, defaults=fields)
    if not created:
        _correct_stale_organizers(event, organizers)
    if created:
        event.themes.set(themes)
        event.organizers.set(organizers)
        event.partners.set(partners)
        for order, text in enumerate(questions, start=1):
            EventQuestion.objects.create(event=event, order=order, text=text)
        for order, (start, end, title, speakers) in enumerate(agenda, start=1):
            AgendaItem.objects.create(
                event=event,
                order=order,
                starts_at=start,
                ends_at=end,
                title=title,
                speakers=speakers,
            )
    return event, created


def _add_french(event, texts, log):
    """Fill the event's French (and its English summary) where still empty.

    Run on every load, so a database made before the events spoke French gets it;
    a text someone wrote while trying the site is kept. Questions and agenda lines
    are matched by their order.
    """
    texts = {
        name: [french_spacing(line) for line in value]
        if isinstance(value, list)
        else (french_spacing(value) if name.endswith("_fr") else value)
        for name, value in texts.items()
    }
    questions = texts.pop("questions_fr", [])
    agenda = texts.pop("agenda_fr", [])
    changed = [name for name, value in texts.items() if not getattr(event, name)]
    for name in changed:
        setattr(event, name, texts[name])
    if changed:
        event.save(update_fields=changed)
    lines = 0
    for model, related, field, french in [
        (EventQuestion, event.questions, "text_fr", questions),
        (AgendaItem, event.agenda_items, "title_fr", agenda),
    ]:
        for item, text in zip(related.order_by("order", "pk"), french, strict=False):
            if not getattr(item, field):
                lines += model.objects.filter(pk=item.pk).update(**{field: text})
    if changed or lines:
        log(f"{event.slug}: French added")


def _correct_stale_organizers(event, organizers):
    """An earlier demo had the group's events organized by its administrative home."""
    current = list(event.organizers.all())
    if [o.name for o in current] == [EARLIER_ORGANIZER] and list(organizers) != current:
        event.organizers.set(organizers)


def _participants(event, people):
    if event.participants.exists():
        return
    for order, (name, affiliation, role, attribution) in enumerate(people, start=1):
        Participant.objects.create(
            event=event,
            order=order,
            name=name,
            affiliation=affiliation,
            role=role,
            attribution=attribution,
        )


def _replace_stale_participants(event, people, stale_name, log):
    """An earlier demo named someone the report does not: put the report's people back."""
    if event.participants.filter(name=stale_name).exists():
        event.participants.all().delete()
        _participants(event, people)
        log(f"participants of {event.slug} corrected")


def _correct_stale_fields(event, stale, fields, log):
    """Apply ``fields`` if the event still holds every value an earlier demo gave it."""
    if all(getattr(event, name) == value for name, value in stale.items()):
        for name, value in fields.items():
            setattr(event, name, value)
        event.save()
        log(f"{event.slug} corrected")


def _link_document(slug, event, log):
    try:
        from documents.models import Document
    except ImportError:
        return
    if hasattr(Document, "related_event"):
        if Document.objects.filter(slug=slug).update(related_event=event):
            log(f"document {slug} linked to event {event.slug}")


R = Participant.Role
NAMED, AFFILIATION_ONLY, UNLISTED = Participant.Attribution.values

# The same moderator and rapporteur as the roundtable report (documents/demo_texts.py),
# panelists from the walks of life it names. Held under the Chatham House Rule, the page
# names only the moderator and rapporteur, and nobody's affiliation.
ROUNDTABLE_MODERATOR = "Dr. Helen Marchetti"
ROUNDTABLE_RAPPORTEUR = "Daniel Osei"
ROUNDTABLE_PEOPLE = [
    (ROUNDTABLE_MODERATOR, "School of Public Administration", R.MODERATOR, NAMED),
    (ROUNDTABLE_RAPPORTEUR, "Centre for Global Studies", R.RAPPORTEUR, NAMED),
    ("Ruth Abernathy", "Foreign service of Canada", R.PANELIST, NAMED),
    ("Colonel (ret.) Martin Lefebvre", "Canadian Armed Forces (retired)", R.PANELIST, NAMED),
    ("Kenji Watanabe", "Federal police service", R.PANELIST, AFFILIATION_ONLY),
    ("Sofia Lindqvist", "Peacekeeping training centre", R.PANELIST, NAMED),
    ("Amara Nwosu", "International humanitarian organization", R.PANELIST, NAMED),
    ("A senior official", "Government of Canada", R.PARTICIPANT, UNLISTED),
]
DIALOGUE_PEOPLE = [
    (ROUNDTABLE_MODERATOR, "School of Public Administration", R.MODERATOR, NAMED),
    ("Colonel (ret.) Martin Lefebvre", "Canadian Armed Forces (retired)", R.SPEAKER, NAMED),
    ("Ruth Abernathy", "Foreign service of Canada", R.SPEAKER, NAMED),
    ("Sofia Lindqvist", "Peacekeeping training centre", R.SPEAKER, NAMED),
]
DIALOGUE_WHEN_AND_WHAT = {
    "starts_at": _at(datetime.date(2007, 2, 24), 19, zone="America/Vancouver"),
    "ends_at": _at(datetime.date(2007, 2, 24), 21, zone="America/Vancouver"),
    "description": (
        "An evening open to everyone, the day after the experts' roundtable, to mark "
        "fifty years of UN peacekeeping. Panelists spoke about what peacekeepers have "
        "achieved, where missions have failed the people they were sent to protect, "
        "and what Canadians can ask of their government. The audience's questions and "
        "comments are reflected in the roundtable report."
    ),
}
# What the demo said before the events agreed with their report.
EARLIER_ORGANIZER = "Peace Operations Resource Centre"
EARLIER_MODERATOR = "Eleanor Whitcombe"
EARLIER_DIALOGUE = {
    "starts_at": _at(datetime.date(2007, 2, 22), 19, zone="America/Vancouver"),
    "ends_at": _at(datetime.date(2007, 2, 22), 21, zone="America/Vancouver"),
}


# The speakers column is for names: an earlier demo put English role words there,
# which a French page would have shown untranslated.
EARLIER_SPEAKERS = {
    "Moderator": ROUNDTABLE_MODERATOR,
    "Panel": "",
    "Open discussion": "",
    "Rapporteur": ROUNDTABLE_RAPPORTEUR,
}


def _correct_stale_speakers(event, log):
    corrected = 0
    for old, new in EARLIER_SPEAKERS.items():
        corrected += event.agenda_items.filter(speakers=old).update(speakers=new)
    if corrected:
        log(f"agenda speakers of {event.slug} corrected")


def _load_2007(group, partners, log):
    t = datetime.time
    roundtable, _ = _event(
        "experts-roundtable-future-of-un-peacekeeping-2007",
        title="Experts' roundtable: the future of UN peacekeeping at fifty",
        event_type=EventType.ROUNDTABLE,
        format=EventFormat.IN_PERSON,
        starts_at=_at(datetime.date(2007, 2, 23), 9, zone="America/Vancouver"),
        ends_at=_at(datetime.date(2007, 2, 23), 16, zone="America/Vancouver"),
        time_zone="America/Vancouver",
        venue="University conference centre",
        city="Victoria, British Columbia",
        status=EventStatus.PUBLISHED,
        visibility=Visibility.PUBLIC,
        chatham_house_rule=True,
        by_invitation=True,
        description=(
            "Fifty years after the first UN peacekeeping force was deployed, a small group of "
            "practitioners, researchers and officials met for a day to take stock of what "
            "peacekeeping has become and where it is heading.\n\n"
            "The discussion looked at the **new challenges** missions face (political will, "
            "limits on troops and money, the time it takes to deploy, rules of engagement, "
            "and restoring the rule of law) and at the **opportunities** that reform opens "
            "up. Its findings and recommendations are published in the roundtable report."
        ),
        themes=_themes(
            "UN reform and peace operations policy",
            "Rapid deployment and standing capacity",
            "Police, rule of law and justice",
            "Canada's role in peace operations",
        ),
        organizers=[group],
        partners=partners,
        questions=[
            "What has changed in the demands placed on UN peacekeeping since the first "
            "mission fifty years ago?",
            "Which constraints (political, military, financial) most limit what missions "
            "can achieve today?",
            "How could the UN deploy capable missions within weeks rather than months?",
            "What role should Canada and Canadian civil society play in the years ahead?",
        ],
        agenda=[
            (t(9, 0), t(9, 30), "Welcome and introduction", ROUNDTABLE_MODERATOR),
            (t(9, 30), t(11, 0), "New challenges for peacekeeping", ""),
            (t(11, 15), t(12, 30), "Rapid deployment and the rule of law", ""),
            (t(13, 30), t(15, 0), "Opportunities for reform", ""),
            (t(15, 0), t(16, 0), "Recommendations", ROUNDTABLE_RAPPORTEUR),
        ],
    )
    _participants(roundtable, ROUNDTABLE_PEOPLE)
    _replace_stale_participants(roundtable, ROUNDTABLE_PEOPLE, EARLIER_MODERATOR, log)
    _correct_stale_speakers(roundtable, log)
    _add_french(roundtable, FRENCH["experts-roundtable-future-of-un-peacekeeping-2007"], log)
    dialogue, _ = _event(
        "public-dialogue-fifty-years-of-un-peacekeeping-2007",
        title="Public dialogue: fifty years of UN peacekeeping",
        event_type=EventType.PUBLIC_FORUM,
        format=EventFormat.IN_PERSON,
        time_zone="America/Vancouver",
        venue="Downtown public library auditorium",
        city="Victoria, British Columbia",
        status=EventStatus.PUBLISHED,
        visibility=Visibility.PUBLIC,
        themes=_themes(
            "Canada's role in peace operations",
            "Protection of civilians and the Responsibility to Protect",
        ),
        organizers=[group],
        partners=partners,
        **DIALOGUE_WHEN_AND_WHAT,
    )
    # The report has the public dialogue the day after the roundtable, not on its eve.
    _correct_stale_fields(dialogue, EARLIER_DIALOGUE, DIALOGUE_WHEN_AND_WHAT, log)
    _participants(dialogue, DIALOGUE_PEOPLE)
    _replace_stale_participants(dialogue, DIALOGUE_PEOPLE, EARLIER_MODERATOR, log)
    _add_french(dialogue, FRENCH["public-dialogue-fifty-years-of-un-peacekeeping-2007"], log)
    _link_document(ROUNDTABLE_REPORT, roundtable, log)
    log("events of 2007")


WEBINARS = [
    (
        datetime.date(2020, 10, 6),
        "Webinar 1: the case for UN peace operations",
        "UN reform and peace operations policy",
        [
            "Why do UN peace operations still matter in a changing international order?",
            "What have missions achieved that no other actor could?",
            "How can the case for peace operations be made to sceptical publics and governments?",
        ],
    ),
    (
        datetime.date(2020, 10, 20),
        "Webinar 2: protecting civilians in practice",
        "Protection of civilians and the Responsibility to Protect",
        [
            "What stands between a protection mandate and protection on the ground?",
            "How should missions work with communities and local civil society?",
            "What does the Women, Peace and Security agenda add to protection work?",
        ],
    ),
    (
        datetime.date(2020, 11, 3),
        "Webinar 3: partnerships with regional organizations",
        "Regional organizations and partnerships",
        [
            "How should the UN share the burden with the African Union and other "
            "regional organizations?",
            "Who should pay for operations that regional organizations lead?",
            "What makes a partnership between organizations work on the ground?",
        ],
    ),
    (
        datetime.date(2020, 11, 17),
        "Webinar 4: Canada's contribution, now and next",
        "Canada's role in peace operations",
        [
            "What has Canada contributed to peace operations in the last decade?",
            "Where could Canadian civilians, police and military add most value?",
            "What should a Canadian peace operations policy include?",
        ],
    ),
]


def _load_2020(group, log):
    series, _ = EventSeries.objects.get_or_create(
        slug="virtual-policy-conference-future-of-peacekeeping-2020",
        defaults={
            "title": "Virtual policy conference on the future of peacekeeping",
            "description": "Four webinars in autumn 2020, leading to a conference report.",
            "start_year": 2020,
            "end_year": 2020,
        },
    )
    french_series = {
        name: french_spacing(value)
        for name, value in SERIES_FR.items()
        if not getattr(series, name)
    }
    if french_series:
        EventSeries.objects.filter(pk=series.pk).update(**french_series)
        for name, value in french_series.items():
            setattr(series, name, value)
    first = None
    for day, title, theme, questions in WEBINARS:
        event, _ = _event(
            slugify(title) + "-2020",
            title=title,
            event_type=EventType.WEBINAR,
            format=EventFormat.ONLINE,
            starts_at=_at(day, 12),
            ends_at=_at(day, 13, 30),
            time_zone="America/Toronto",
            online_url="https://meet.example.org/powg-webinar",
            series=series,
            status=EventStatus.PUBLISHED,
            visibility=Visibility.PUBLIC,
            description=(
                f"Part of the {series.title}. Each webinar brings together practitioners "
                "and researchers for a short presentation round and an open question period. "
                "The series ends with a report of its findings."
            ),
            themes=_themes(theme),
            organizers=[group],
            questions=questions,
        )
        french = {
            **FRENCH[event.slug],
            "description_fr": (
                f"Ce webinaire fait partie de la {series.title_fr}. Chaque webinaire réunit "
                "des praticiens et des chercheurs pour une brève série de présentations, "
                "suivie d’une période de questions ouverte à tous. La série se conclut par "
                "un rapport sur ses constats."
            ),
        }
        _add_french(event, french, log)
        first = first or event
        _participants(
            event,
            [
                (
                    "Isabelle Fortin",
                    "Working group steering committee",
                    Participant.Role.CHAIR,
                    Participant.Attribution.NAMED,
                ),
                (
                    "Samuel Adeyemi",
                    "Institute for peace studies",
                    Participant.Role.PANELIST,
                    Participant.Attribution.NAMED,
                ),
                (
                    "Marta Kovač",
                    "International policy group",
                    Participant.Role.PANELIST,
                    Participant.Attribution.AFFILIATION,
                ),
            ],
        )
    _link_document(WEBINAR_CONCEPT_NOTE, first, log)
    log("webinar series of 2020")


def _load_upcoming(group, log):
    today = timezone.localdate()
    members = [
        ensure_account(email=email, name=name, groups=[MEMBERS_GROUP])
        for name, email in DEMO_ATTENDEES
    ]
    workshop, created = _event(
        "workshop-deploying-civilian-experts",
        title="Workshop: deploying civilian experts faster",
        event_type=EventType.WORKSHOP,
        format=EventFormat.HYBRID,
        starts_at=_at(today + datetime.timedelta(days=24), 9, 30),
        ends_at=_at(today + datetime.timedelta(days=24), 15, 30),
        venue="Community meeting room, 2nd floor",
        city="Ottawa, Ontario",
        online_url="https://meet.example.org/powg-workshop",
        capacity=8,
        status=EventStatus.PUBLISHED,
        visibility=Visibility.PUBLIC,
        description=(
            "A hands-on workshop on how a national roster of civilian experts could "
            "deploy people within weeks. Places are limited; members can join the waiting "
            "list once the workshop is full."
        ),
        themes=_themes(
            "Civilian capacity and expert deployment", "Rapid deployment and standing capacity"
        ),
        organizers=[group],
        questions=[
            "What slows the deployment of civilian experts today?",
            "What would a standing roster need to be ready within 30 days?",
        ],
        agenda=[
            (datetime.time(9, 30), datetime.time(10, 0), "Welcome", ""),
            (datetime.time(10, 0), datetime.time(12, 0), "Lessons from past deployments", ""),
            (datetime.time(13, 0), datetime.time(15, 0), "Designing a faster roster", ""),
        ],
    )
    _add_french(workshop, FRENCH["workshop-deploying-civilian-experts"], log)
    if created:
        for index, user in enumerate(members[:11]):
            status = Registration.Status.REGISTERED if index < 8 else Registration.Status.WAITLISTED
            Registration.objects.create(
                event=workshop,
                user=user,
                status=status,
                created_at=timezone.now() - datetime.timedelta(hours=48 - index),
            )
    briefing, _ = _event(
        "members-briefing-peace-operations-review",
        title="Members' briefing: the UN review of peace operations",
        event_type=EventType.WEBINAR,
        format=EventFormat.ONLINE,
        starts_at=_at(today + datetime.timedelta(days=10), 12),
        ends_at=_at(today + datetime.timedelta(days=10), 13),
        online_url="https://meet.example.org/powg-members",
        capacity=40,
        status=EventStatus.PUBLISHED,
        visibility=Visibility.MEMBERS,
        description=(
            "A briefing for members on the UN's review of peace operations and on the "
            "working group's submission to its call for contributions."
        ),
        themes=_themes("UN reform and peace operations policy"),
        organizers=[group],
    )
    _add_french(briefing, FRENCH["members-briefing-peace-operations-review"], log)
    forum, _ = _event(
        "public-forum-protection-of-civilians",
        title="Public forum: protecting civilians when missions leave",
        event_type=EventType.PUBLIC_FORUM,
        format=EventFormat.IN_PERSON,
        starts_at=_at(today + datetime.timedelta(days=38), 18, 30),
        ends_at=_at(today + datetime.timedelta(days=38), 20, 30),
        venue="City hall, council chamber",
        city="Montréal, Québec",
        time_zone="America/Toronto",
        status=EventStatus.CANCELLED,
        visibility=Visibility.PUBLIC,
        cancellation_notice=(
            "This forum is cancelled because the venue is no longer available. "
            "We hope to hold it in the spring and will announce the new date here."
        ),
        description="An evening forum on what happens to civilians when a mission draws down.",
        themes=_themes("Protection of civilians and the Responsibility to Protect"),
        organizers=[group],
    )
    _add_french(forum, FRENCH["public-forum-protection-of-civilians"], log)
    annual, created = _event(
        "annual-meeting-of-the-working-group",
        title="Annual meeting of the working group",
        event_type=EventType.ANNUAL_MEETING,
        format=EventFormat.HYBRID,
        starts_at=_at(today + datetime.timedelta(days=52), 13),
        ends_at=_at(today + datetime.timedelta(days=52), 17),
        venue="Conference room of the administrative home",
        city="Ottawa, Ontario",
        online_url="https://meet.example.org/powg-annual",
        capacity=60,
        registration_opens_at=timezone.now() - datetime.timedelta(days=1),
        status=EventStatus.PUBLISHED,
        visibility=Visibility.PUBLIC,
        description=(
            "The steering committee reports on the year's work, members discuss the "
            "program for the coming year, and the group reports to the coordinating "
            "committee."
        ),
        themes=_themes("Canada's role in peace operations"),
        organizers=[group],
    )
    _add_french(annual, FRENCH["annual-meeting-of-the-working-group"], log)
    if created:
        steering = User.objects.filter(email="steering@example.org").first()
        if steering:
            Registration.objects.create(event=annual, user=steering)
    log("upcoming events")


# The French of each event (and the English summary written with it), added where
# empty. The public dialogue keeps no French title, so the French pages show how an
# English title is marked as English.
SERIES_FR = {
    "title_fr": "Conférence virtuelle sur l’avenir du maintien de la paix",
    "description_fr": (
        "Quatre webinaires à l’automne 2020, qui mènent à un rapport de conférence."
    ),
}
FRENCH = {
    "experts-roundtable-future-of-un-peacekeeping-2007": {
        "title_fr": "Table ronde d’experts : l’avenir du maintien de la paix de l’ONU, "
        "cinquante ans plus tard",
        "summary": (
            "A closed day of discussion among practitioners, researchers and officials on "
            "what UN peacekeeping has become in fifty years, and where it is heading."
        ),
        "summary_fr": (
            "Une journée d’échanges à huis clos entre praticiens, chercheurs et "
            "fonctionnaires sur ce qu’est devenu le maintien de la paix de l’ONU en "
            "cinquante ans, et sur la direction qu’il prend."
        ),
        "description_fr": (
            "Cinquante ans après le déploiement de la première force de maintien de la paix "
            "de l’ONU, un petit groupe de praticiens, de chercheurs et de fonctionnaires "
            "s’est réuni le temps d’une journée pour faire le point sur ce qu’est devenu le "
            "maintien de la paix et sur la direction qu’il prend.\n\n"
            "La discussion a porté sur les **nouveaux défis** auxquels les missions font "
            "face (la volonté politique, le manque de troupes et de fonds, les délais de "
            "déploiement, les règles d’engagement et le rétablissement de l’état de droit) "
            "et sur les **possibilités** qu’ouvre la réforme. Ses constats et ses "
            "recommandations sont publiés dans le rapport de la table ronde."
        ),
        "questions_fr": [
            "Qu’est-ce qui a changé dans ce qu’on attend du maintien de la paix de l’ONU "
            "depuis la première mission, il y a cinquante ans ?",
            "Quelles contraintes (politiques, militaires, financières) limitent le plus ce "
            "que les missions peuvent accomplir aujourd’hui ?",
            "Comment l’ONU pourrait-elle déployer des missions compétentes en quelques "
            "semaines plutôt qu’en plusieurs mois ?",
            "Quel rôle le Canada et la société civile canadienne devraient-ils jouer dans "
            "les années à venir ?",
        ],
        "agenda_fr": [
            "Mot de bienvenue et introduction",
            "Les nouveaux défis du maintien de la paix",
            "Le déploiement rapide et l’état de droit",
            "Les possibilités de réforme",
            "Recommandations",
        ],
    },
    "public-dialogue-fifty-years-of-un-peacekeeping-2007": {
        "summary": (
            "What peacekeepers have achieved, and what Canadians can ask of their "
            "government: a public evening in Victoria."
        ),
        "summary_fr": (
            "Le bilan des Casques bleus, et ce que les Canadiens peuvent demander à leur "
            "gouvernement : une soirée publique à Victoria."
        ),
        "description_fr": (
            "Une soirée ouverte à toutes et à tous, au lendemain de la table ronde "
            "d’experts, pour souligner les cinquante ans du maintien de la paix de l’ONU. "
            "Les panélistes ont parlé de ce que les Casques bleus ont accompli, des cas où "
            "les missions ont failli envers les populations qu’elles devaient protéger, et "
            "de ce que les Canadiennes et les Canadiens peuvent exiger de leur gouvernement. "
            "Les questions et les commentaires du public sont repris dans le rapport de la "
            "table ronde."
        ),
    },
    "webinar-1-the-case-for-un-peace-operations-2020": {
        "title_fr": "Webinaire 1 : plaidoyer pour les opérations de paix de l’ONU",
        "summary": "Why UN peace operations still matter, and how to make the case for them.",
        "summary_fr": (
            "Pourquoi les opérations de paix de l’ONU comptent toujours, et comment en "
            "convaincre le public et les gouvernements."
        ),
        "questions_fr": [
            "Pourquoi les opérations de paix de l’ONU comptent-elles encore dans un ordre "
            "international en pleine transformation ?",
            "Qu’ont accompli les missions qu’aucun autre acteur n’aurait pu accomplir ?",
            "Comment défendre les opérations de paix auprès de populations et de "
            "gouvernements sceptiques ?",
        ],
    },
    "webinar-2-protecting-civilians-in-practice-2020": {
        "title_fr": "Webinaire 2 : protéger les civils sur le terrain",
        "summary": "What stands between a protection mandate and protection on the ground.",
        "summary_fr": (
            "Ce qui sépare un mandat de protection d’une protection réelle sur le terrain."
        ),
        "questions_fr": [
            "Qu’est-ce qui sépare un mandat de protection de la protection sur le terrain ?",
            "Comment les missions devraient-elles travailler avec les communautés et la "
            "société civile locale ?",
            "Qu’apporte le programme Femmes, paix et sécurité au travail de protection ?",
        ],
    },
    "webinar-3-partnerships-with-regional-organizations-2020": {
        "title_fr": "Webinaire 3 : les partenariats avec les organisations régionales",
        "summary": ("Sharing the burden with the African Union and other regional organizations."),
        "summary_fr": (
            "Le partage du fardeau avec l’Union africaine et les autres organisations régionales."
        ),
        "questions_fr": [
            "Comment l’ONU devrait-elle partager le fardeau avec l’Union africaine et les "
            "autres organisations régionales ?",
            "Qui devrait payer les opérations menées par des organisations régionales ?",
            "Qu’est-ce qui fait qu’un partenariat entre organisations fonctionne sur le terrain ?",
        ],
    },
    "webinar-4-canadas-contribution-now-and-next-2020": {
        "title_fr": "Webinaire 4 : la contribution du Canada, aujourd’hui et demain",
        "summary": "What Canada has contributed, and where it could add most value next.",
        "summary_fr": (
            "Ce que le Canada a apporté, et là où il pourrait être le plus utile à l’avenir."
        ),
        "questions_fr": [
            "Qu’a apporté le Canada aux opérations de paix au cours de la dernière décennie ?",
            "Où les civils, les policiers et les militaires canadiens pourraient-ils être le "
            "plus utiles ?",
            "Que devrait comprendre une politique canadienne sur les opérations de paix ?",
        ],
    },
    "workshop-deploying-civilian-experts": {
        "title_fr": "Atelier : déployer plus rapidement les experts civils",
        "summary": "How a national roster could send civilian experts within weeks, not months.",
        "summary_fr": (
            "Comment un répertoire national pourrait envoyer des experts civils en quelques "
            "semaines plutôt qu’en quelques mois."
        ),
        "description_fr": (
            "Un atelier pratique sur la façon dont un répertoire national d’experts civils "
            "pourrait déployer des gens en quelques semaines. Les places sont limitées ; une "
            "fois l’atelier complet, les membres peuvent s’inscrire sur la liste d’attente."
        ),
        "questions_fr": [
            "Qu’est-ce qui ralentit aujourd’hui le déploiement des experts civils ?",
            "De quoi un répertoire permanent aurait-il besoin pour être prêt en 30 jours ?",
        ],
        "agenda_fr": [
            "Mot de bienvenue",
            "Les leçons des déploiements passés",
            "Concevoir un répertoire plus rapide",
        ],
    },
    "members-briefing-peace-operations-review": {
        "title_fr": "Séance d’information des membres : l’examen des opérations de paix de l’ONU",
        "summary": "What the UN's review of peace operations means, and what the group told it.",
        "summary_fr": (
            "Ce que signifie l’examen des opérations de paix de l’ONU, et ce que le groupe "
            "lui a soumis."
        ),
        "description_fr": (
            "Une séance d’information pour les membres sur l’examen des opérations de paix "
            "mené par l’ONU et sur le mémoire que le groupe de travail a présenté en "
            "réponse à son appel à contributions."
        ),
    },
    "public-forum-protection-of-civilians": {
        "title_fr": "Forum public : protéger les civils quand les missions se retirent",
        "summary": "What becomes of protection when the blue helmets go home.",
        "summary_fr": (
            "Que devient la protection des civils quand les Casques bleus rentrent chez eux ?"
        ),
        "description_fr": (
            "Une soirée-forum sur ce qu’il advient des civils quand une mission de paix "
            "réduit ses effectifs, puis quitte le pays."
        ),
        "cancellation_notice_fr": (
            "Ce forum est annulé, car la salle n’est plus disponible. Nous espérons le "
            "tenir au printemps et annoncerons la nouvelle date ici."
        ),
    },
    "annual-meeting-of-the-working-group": {
        "title_fr": "Assemblée annuelle du groupe de travail",
        "summary": "The year's report and next year's program, in Ottawa and online.",
        "summary_fr": "Le bilan de l’année et le programme de la suivante, à Ottawa et en ligne.",
        "description_fr": (
            "Le comité directeur rend compte des travaux de l’année, les membres discutent "
            "du programme de l’année à venir et le groupe fait rapport au comité de "
            "coordination."
        ),
    },
}


def load(log):
    # The same names as the members and library demos, so any app may create them first.
    # The group organizes its own events; its administrative home keeps its records.
    group = _organization("Peace Operations Working Group", "POWG", Organization.Kind.NETWORK)
    coordinating = _organization(
        "Canadian Peacebuilding Coordinating Committee", "CPCC", Organization.Kind.NETWORK
    )
    una = _organization(
        "United Nations Association in Canada", "UNA-Canada", Organization.Kind.ASSOCIATION
    )
    training = _organization("Pearson Peacekeeping Centre", "PPC")
    _load_2007(group, [coordinating, una, training], log)
    _load_2020(group, log)
    _load_upcoming(group, log)
