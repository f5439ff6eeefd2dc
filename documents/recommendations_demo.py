"""Demo content of the recommendations tracker: the 2007 roundtable report's
recommendations and the 2025 submission's answers, with status updates and links.

The recommendations go through the real import: a text in each paper's layout as it
comes out of its PDF (headings in capitals, a page break with its page number, a sentence
broken across it, footnote marks, left-over markup), parsed by
``documents.recommendation_import`` and saved by ``import_recommendations``. Every
status update is demo data and says so ("Demo data:" in its note); its sources look
like the real ones (UN document symbols, government pages). Idempotent: a second load
creates nothing (the import is keyed, an assignment with updates gets no more, links
are made once).
"""

import datetime
from importlib import import_module

from documents import recommendations_services as services
from documents.models import Addressee, Assignment, Document, LinkKind, Recommendation
from documents.recommendation_import import parse_recommendations

ROUNDTABLE_SLUG = "roundtable-report-future-of-un-peacekeeping-2007"
SUBMISSION_SLUG = "submission-review-of-peace-operations-2025"

# The 2007 report's recommendations section, as its PDF turns into text.
ROUNDTABLE_2007_SECTION = """\
RECOMMENDATIONS

The roundtable ended with what participants would ask of each actor. What follows
gives the sense of the meeting; remarks are not attributed.[1]

RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):

1. Match every mandate with the troops, police and money needed to carry it out.
2. Consult the troop- and police-contributing countries before a mandate is drafted.

RECOMMENDATIONS TO THE UN DEPARTMENT OF PEACEKEEPING OPERATIONS (DPKO):

1. Establish a standing civilian and police capacity able to deploy within thirty
days of a mandate.
2. Strengthen training on the protection of civilians:
 - a. common standards for the <u>pre-deployment</u> training of every contingent;
 - b. scenario-based exercises that include the civilian components of missions.

RECOMMENDATIONS TO MISSIONS ON THE GROUND:

1. Give the protection of civilians a clear place in mission planning, from the

                                                                               12

- first concept of operations to the exit strategy.
2. Report publicly on progress against the mission's benchmarks.¹

RECOMMENDATIONS TO THE CANADIAN GOVERNMENT AND GOVERNMENTS AT THE UNITED NATIONS:

1. Increase Canada's contribution of police officers and civilian experts to UN missions.
2. Fund the civilian roster and the peace operations training centres over several years.
3. Pay assessed contributions to peacekeeping on time and in full.

RECOMMENDATIONS TO CANADIAN AND INTERNATIONAL NGOS:

1. Monitor how these recommendations are implemented, and report on them every year.
2. Build lasting links with civil-society networks in the countries that host missions.

[1] The roundtable was held under the Chatham House Rule.
"""

# The 2025 submission's answers, in a consultation's layout (numbered questions).
SUBMISSION_2025_SECTION = """\
ANSWERS TO THE QUESTIONS OF THE REVIEW:

- 1. What should peace operations be for?
- a. Support political processes: an operation without a political strategy cannot
succeed.
- b. Protect civilians, with:
 - i. early warning linked to action;
 - ii. community engagement and unarmed approaches alongside armed protection.
- c. Help states build lasting institutions, police and justice first.

- 2. How can operations adapt faster?
- a. Modular mission designs, scaled up or down as the situation changes.
- b. Standing and rapidly deployable civilian and police capacities, ready within weeks.
- c. Better data and new technology for situational awareness, with safeguards for privacy.

- 3. How should operations be financed?
- a. Member states must pay their assessed contributions to peacekeeping in full and on time.
- b. Predictable financing for African Union-led operations authorized by the Council.
"""

# Recommendations are addressed by their heading; the consultation's have none.
SUBMISSION_ADDRESSEES = {
    "3.a": ["UN General Assembly and member states", "Government of Canada"],
    "3.b": ["UN Security Council", "UN General Assembly and member states"],
}

# The report's body headings (documents.demo_texts), to point at the right place.
ROUNDTABLE_ANCHORS = {
    "UN Security Council": "sec-to-the-un-security-council",
    "UN Secretariat and Department of Peace Operations": (
        "sec-to-the-un-department-of-peacekeeping-operations"
    ),
    "UN missions on the ground": "sec-to-missions-on-the-ground",
    "Government of Canada": "sec-to-the-government-of-canada-and-governments-at-the-un",
    "NGOs and civil society": "sec-to-canadian-and-international-ngos",
}

GAC_PEACE = (
    "https://www.international.gc.ca/world-monde/issues_development-enjeux_developpement/"
    "peace_security-paix_securite/index.aspx?lang=eng",
    "Global Affairs Canada: peace and security",
)
UN_PEACEKEEPING = ("https://peacekeeping.un.org/en/standing-police-capacity",
                   "United Nations Peacekeeping: Standing Police Capacity")  # fmt: skip

# (document slug, heading contains, number, addressee name): updates, oldest first:
# (date, response, status, note, sources).
STATUS_UPDATES = [
    (
        ROUNDTABLE_SLUG,
        "SECURITY COUNCIL",
        "1",
        "UN Security Council",
        [
            (
                (2009, 11, 11),
                "accepted",
                "under_consideration",
                "The Council asked for mandates to be matched with resources when it adopted its "
                "resolution on the protection of civilians.",
                ["S/RES/1894 (2009)"],
            ),
            (
                (2018, 9, 21),
                "",
                "partially_implemented",
                "The Council's resolution on peacekeeping performance links mandates to the "
                "resources and capabilities missions need.",
                ["S/RES/2436 (2018)"],
            ),
        ],
    ),
    (
        ROUNDTABLE_SLUG,
        "PEACEKEEPING",
        "1",
        "UN Secretariat and Department of Peace Operations",
        [
            (
                (2007, 10, 1),
                "accepted",
                "partially_implemented",
                "A Standing Police Capacity became operational; a civilian standing capacity "
                "was not created at the same time.",
                [{"url": UN_PEACEKEEPING[0], "title": UN_PEACEKEEPING[1]}],
            ),
            (
                (2016, 1, 1),
                "",
                "implemented",
                "The standing capacities for police and for justice and corrections deploy "
                "within weeks.",
                [{"url": UN_PEACEKEEPING[0], "title": UN_PEACEKEEPING[1]}, "A/70/95"],
            ),
        ],
    ),
    (
        ROUNDTABLE_SLUG,
        "PEACEKEEPING",
        "2.a",
        "UN Secretariat and Department of Peace Operations",
        [
            (
                (2015, 6, 16),
                "accepted",
                "implemented",
                "Core pre-deployment training materials are now common to all contingents.",
                ["A/70/95"],
            ),
        ],
    ),
    (
        ROUNDTABLE_SLUG,
        "PEACEKEEPING",
        "2.b",
        "UN Secretariat and Department of Peace Operations",
        [
            (
                (2015, 6, 16),
                "accepted",
                "under_consideration",
                "Scenario-based exercises are recommended by the high-level panel's report.",
                ["A/70/95"],
            ),
        ],
    ),
    (
        ROUNDTABLE_SLUG,
        "CANADIAN GOVERNMENT",
        "3",
        "Government of Canada",
        [
            (
                (2019, 3, 31),
                "accepted",
                "implemented",
                "Canada's assessed contributions to peacekeeping are paid in full, early in the "
                "budget year.",
                [{"url": GAC_PEACE[0], "title": GAC_PEACE[1]}],
            ),
        ],
    ),
    (
        ROUNDTABLE_SLUG,
        "CANADIAN GOVERNMENT",
        "1",
        "Government of Canada",
        [
            (
                (2017, 11, 15),
                "accepted",
                "partially_implemented",
                "Canada pledged police officers and experts at the Vancouver ministerial; "
                "deployments stayed below the pledge.",
                [{"url": GAC_PEACE[0], "title": GAC_PEACE[1]}],
            ),
            (
                (2017, 11, 15),
                "",
                "under_consideration",
                "Correction: the pledge was announced but deployments had not yet been "
                "measured, so the status is under consideration, not partially implemented.",
                [{"url": GAC_PEACE[0], "title": GAC_PEACE[1]}],
                True,
            ),
        ],
    ),
    (
        ROUNDTABLE_SLUG,
        "MISSIONS",
        "2",
        "UN missions on the ground",
        [
            (
                (2012, 1, 1),
                "noted",
                "no_action",
                "Mission reports to the Council cover benchmarks, but no public progress report "
                "followed.",
                ["S/2012/1"],
            ),
        ],
    ),
    (
        SUBMISSION_SLUG,
        "REVIEW",
        "3.b",
        "UN Security Council",
        [
            (
                (2023, 12, 21),
                "accepted",
                "partially_implemented",
                "The Council set a framework for financing African Union-led peace support "
                "operations from assessed contributions, case by case.",
                ["S/RES/2719 (2023)"],
            ),
        ],
    ),
]

# (later document, heading contains, number) reiterates / builds on (earlier ...).
LINKS = [
    ((SUBMISSION_SLUG, "REVIEW", "3.a"), LinkKind.REITERATES,
     (ROUNDTABLE_SLUG, "CANADIAN GOVERNMENT", "3")),
    ((SUBMISSION_SLUG, "REVIEW", "2.b"), LinkKind.REITERATES,
     (ROUNDTABLE_SLUG, "PEACEKEEPING", "1")),
    ((SUBMISSION_SLUG, "REVIEW", "1.b"), LinkKind.BUILDS_ON,
     (ROUNDTABLE_SLUG, "MISSIONS", "1")),
]  # fmt: skip


def _find(slug, heading, number):
    return Recommendation.objects.get(
        document__slug=slug, heading__icontains=heading, number=number
    )


def _import(document, text, *, anchors=None, addressees=None, default=None):
    parsed = parse_recommendations(
        text, addressees=Addressee.objects.for_parser(), default_addressee=default
    )
    items = []
    for item in parsed.items:
        row = item.as_dict()
        names = (addressees or {}).get(item.number)
        if names:
            row["addressees"] = names
        anchor = (anchors or {}).get((row["addressees"] or [""])[0])
        row["anchor"] = anchor or "sec-recommendations"
        items.append(row)
    return services.import_recommendations(document=document, items=items)


def _ensure_curated_addressees():
    """The addressees the data migration made, made again where missing.

    A flushed database (transactional tests) has lost them; existing rows, maybe edited
    by the steering committee since, are left as they are.
    """
    curated = import_module("documents.migrations.0007_curated_addressees")
    for slug, fields in curated.curated_fields():
        Addressee.objects.get_or_create(slug=slug, defaults=fields)


def load_recommendations(log):
    _ensure_curated_addressees()
    roundtable = Document.objects.filter(slug=ROUNDTABLE_SLUG).first()
    submission = Document.objects.filter(slug=SUBMISSION_SLUG).first()
    if roundtable is None or submission is None:
        log("recommendations: the demo library's papers are missing, nothing loaded")
        return
    results = [
        _import(roundtable, ROUNDTABLE_2007_SECTION, anchors=ROUNDTABLE_ANCHORS),
        _import(
            submission,
            SUBMISSION_2025_SECTION,
            addressees=SUBMISSION_ADDRESSEES,
            default="UN Secretariat and Department of Peace Operations",
        ),
    ]
    updates = 0
    for slug, heading, number, addressee, entries in STATUS_UPDATES:
        assignment = Assignment.objects.get(
            recommendation=_find(slug, heading, number), addressee__name=addressee
        )
        if assignment.updates.exists():
            continue
        for date, response, status, note, sources, *correction in entries:
            services.add_status_update(
                assignment=assignment,
                date=datetime.date(*date),
                response=response or None,
                status=status or None,
                note=f"Demo data: {note}",
                sources=sources,
                by=None,
                is_correction=bool(correction and correction[0]),
            )
            updates += 1
    for later, kind, earlier in LINKS:
        services.add_link(from_recommendation=_find(*later), to_recommendation=_find(*earlier),
                          kind=kind)  # fmt: skip
    log(
        f"{sum(r.created for r in results)} recommendations created "
        f"({sum(len(r.recommendations) for r in results)} in the demo), "
        f"{updates} status updates, {len(LINKS)} links"
    )


load = load_recommendations
