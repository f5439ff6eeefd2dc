"""Texts of the demo library, written for the demo in the manner of the group's papers."""

POC = "protection-of-civilians-and-the-responsibility-to-protect"
REFORM = "un-reform-and-peace-operations-policy"
MANDATES = "mandates-legitimacy-and-the-use-of-force"
CIVCAP = "civilian-capacity-and-expert-deployment"
RAPID = "rapid-deployment-and-standing-capacity"
POLICE = "police-rule-of-law-and-justice"
PEACEBUILDING = "peacebuilding-transition-and-recovery-ddr-ssr"
REGIONAL = "regional-organizations-and-partnerships"
WPS = "women-peace-and-security"
FINANCE = "financing-and-the-liquidity-crisis"
CANADA = "canadas-role-in-peace-operations"
PREVENTION = "conflict-prevention-and-mediation"
CIVMIL = "civil-military-coordination-and-training"
PERFORMANCE = "performance-accountability-and-new-technology"

# key: (name, acronym, kind)
ORGANIZATIONS = {
    "powg": ("Peace Operations Working Group", "POWG", "network"),
    "cpcc": ("Canadian Peacebuilding Coordinating Committee", "CPCC", "network"),
    "una": ("United Nations Association in Canada", "UNA-Canada", "association"),
    "ppc": ("Pearson Peacekeeping Centre", "PPC", "ngo"),
    "canadem": ("CANADEM", "", "ngo"),
    "g78": ("Group of 78", "", "ngo"),
    "gac": ("Global Affairs Canada", "GAC", "government"),
}

CONCEPT_NOTE_2005 = """
# Mission

The Peace Operations Working Group brings together Canadian non-governmental
organizations, researchers and practitioners who share an interest in effective,
legitimate and well-supported peace operations. It is a working group of the Canadian
Peacebuilding Coordinating Committee.

# Objectives

1. **Civilian capacity.** Strengthen the civilian side of peace operations: experts in
   governance, human rights, elections, policing and the rule of law, recruited, trained
   and ready to deploy.
2. **Timely deployment.** Press for arrangements that put people on the ground within
   weeks of a Security Council decision, not months.
3. **Governance and legality.** Insist that operations rest on clear mandates, respect
   international humanitarian and human rights law, and answer for their conduct.

# Thematic interests

Protection of civilians; rapid deployment and standing capacities; police and the rule
of law; disarmament, demobilization and reintegration; gender perspectives; regional
partners such as the African Union; and Canada's own contribution.

# Functions

- build civilian capacity, with training centres and rosters;
- link Canadian civil society with networks abroad;
- gather and share information on current operations;
- hold policy dialogues: closed expert roundtables and public forums;
- follow up what becomes of the recommendations we make.

# Structure

A steering committee of representatives of member organizations sets the program. A
member organization serves as the group's administrative home. The group reports on its
work to the annual meeting of the coordinating committee.

# Contact

Write to the working group through its administrative home.
"""

CONCEPT_NOTE_2005_FR = """
# Mission

Le Groupe de travail sur les opérations de paix réunit des organisations non
gouvernementales, des chercheurs et des praticiens canadiens qui souhaitent des
opérations de paix efficaces, légitimes et bien soutenues.

# Objectifs

1. **Capacité civile.** Renforcer la composante civile des opérations : experts en
   gouvernance, droits de la personne, élections, police et état de droit.
2. **Déploiement rapide.** Obtenir des arrangements qui permettent un déploiement en
   quelques semaines après une décision du Conseil de sécurité.
3. **Gouvernance et légalité.** Des mandats clairs, le respect du droit international et
   la reddition de comptes.

# Fonctions

- renforcer la capacité civile ;
- relier la société civile canadienne aux réseaux à l'étranger ;
- recueillir et diffuser l'information sur les opérations en cours ;
- animer le dialogue sur les politiques : tables rondes d'experts et forums publics ;
- suivre le sort de nos recommandations.
"""

ROUNDTABLE_2007 = """
# Introduction

To mark fifty years of United Nations peacekeeping, the working group convened a closed
roundtable of experts, held under the Chatham House Rule, followed the next day by a
public dialogue. The roundtable was moderated by Dr. Helen Marchetti; the rapporteur was
Daniel Osei. Panelists came from the diplomatic service, the armed forces, the police,
a peacekeeping training centre and humanitarian organizations.[^1]

# New challenges

## Political will

Participants agreed that the gap between the tasks the Security Council assigns and the
support member states give is the central weakness of peacekeeping operations today.

## Troops, money and rapid deployment

Missions wait months for troops, police and equipment. Peacekeepers arrive after the
window in which a ceasefire could have been consolidated. Financial constraints and late
assessed contributions compound the delay.

## Rules of engagement

Robust mandates require clear rules of engagement, understood by every contingent, and
commanders willing to apply them to protect civilians.

## The rule of law

Without police, judges and corrections officers, security gains are lost. Rule-of-law
experts remain the hardest profile to recruit.

# Opportunities

The new Peacebuilding Commission, regional partners such as the African Union, and
civilian rosters built over the past decade give reasons for hope.

# Recommendations

## To the UN Security Council

1. Match every mandate with the resources needed to carry it out.
2. Consult troop- and police-contributing countries before mandates are drafted.

## To the UN Department of Peacekeeping Operations

1. Establish a standing civilian and police capacity able to deploy within thirty days.
2. Strengthen training on the protection of civilians:
   a. common standards for pre-deployment training;
   b. scenario-based exercises including civilian components.

## To missions on the ground

1. Give protection of civilians a clear place in mission planning.
2. Report publicly on progress against benchmarks.

## To the Government of Canada and governments at the UN

1. Increase Canada's contribution of police and civilian experts.
2. Fund the civilian roster and the training centres on a multi-year basis.
3. Pay assessed contributions on time and in full.

## To Canadian and international NGOs

1. Monitor how recommendations are implemented and report on them each year.
2. Build links with civil-society networks in host countries.

[^1]: Remarks are not attributed to individual participants, as agreed at the roundtable.
"""

ROUNDTABLE_2007_PDF = [
    "Roundtable report: the future of UN peacekeeping operations (2007). Fifty years of "
    "United Nations peacekeeping: an experts' roundtable and a public dialogue.",
    "The roundtable found that the gap between mandates and means, slow deployment of "
    "troops, police and civilian experts, and unclear rules of engagement are the main "
    "obstacles to effective peacekeeping operations.",
    "Recommendations are addressed to the Security Council, the Department of "
    "Peacekeeping Operations, missions on the ground, the Government of Canada and "
    "non-governmental organizations.",
]

FACT_SHEET = """
# Civilian experts in peace support operations

Canada deploys civilian experts in governance, human rights, elections and justice to
peace support operations and missions of regional organizations.

# A national civilian roster

A roster of pre-screened Canadian civilians allows rapid deployment at the request of
the United Nations and partner organizations.

# Police in peace support operations

Canadian police officers from federal, provincial and municipal services serve in
missions, training and mentoring local police.

# Training centres

Training centres prepare military, police and civilian personnel together for
multidimensional peace operations.

# Gender training

A gender training initiative helps personnel apply gender perspectives in their daily
work in the field.
"""

WEBINAR_2020 = """
# Why this series

Peace operations remain one of the most practical tools the international community
has to protect civilians and support political settlements.[^1] Yet they face shrinking
budgets, divided councils and doubts about their effectiveness. This virtual policy
conference, held as a series of webinars, asks what the next decade of UN peace
operations should look like.

# Questions to address

1. What have peace operations achieved, and where have they fallen short?
2. How can mandates be made more realistic and better sequenced?
3. What should Canada offer: troops, police, civilian experts, training or funding?
4. How can partnerships with regional organizations be strengthened?
5. How can the Women, Peace and Security agenda shape operations in practice?[^2]
6. What role should new technology play in protecting peacekeepers and civilians?

# Format

Six webinars of ninety minutes, each with three panelists and a moderator, open to the
public, with questions from the audience.

# Expected outcomes

A report summarizing the discussions and recommendations, presented to officials and
published in English and French.

[^1]: Studies of the past two decades find that peacekeeping operations reduce violence
against civilians where they are deployed.
[^2]: Including the participation of women in peace processes and in missions.
"""

SUBMISSION_2025 = """
# About this submission

The working group welcomes the call for contributions to the review of the future of
all forms of UN peace operations and answers its questions below.

# Question 1: What should peace operations be for?

a. Support political processes: an operation without a political strategy cannot succeed.
b. Protect civilians, with:
   i. early warning linked to action;
   ii. community engagement and unarmed approaches alongside armed protection.
c. Help states build lasting institutions, in particular police and justice.

# Question 2: How can operations adapt faster?

a. Modular mission designs, scaled up or down as the situation changes.
b. Standing and rapidly deployable civilian capacities.
c. Better data and new technology for situational awareness, with safeguards for privacy.

# Question 3: How should operations be financed?

a. Member states must pay assessed contributions in full and on time.
b. Predictable financing for African Union-led operations authorized by the Council.

# Observations for troop- and police-contributing countries

Contributors need earlier consultation on mandates, clear performance standards and
recognition of the risks their personnel take. Women's participation in contingents
should be supported with facilities, training and career paths.
"""

LIQUIDITY_FR = """
# Une crise de liquidités persistante

Les opérations de maintien de la paix dépendent des contributions statutaires des États
membres. Les retards de paiement obligent le Secrétariat à retarder les remboursements
aux pays contributeurs de troupes et à réduire certaines activités.

# Conséquences pour les missions

- gel des recrutements de personnel civil ;
- report des projets à effet rapide ;
- pression sur les pays qui fournissent des contingents.

# Recommandations

1. Le Canada devrait continuer de payer ses contributions à temps et en entier.
2. Les opérations de paix devraient disposer d'une réserve de trésorerie renforcée.
"""

WPS_BRIEF = """
# Summary

Women remain under-represented among military and police peacekeepers. This brief,
prepared for members, reviews what has worked in recent missions and what Canada could
do next.

# Findings

- Mixed engagement teams reach more of the population, especially women.
- Facilities, equipment and childcare policies still keep women out of deployments.
- Gender advisers are most effective when they report to mission leadership.

# Options for Canada

1. Fund barrier assessments in contributing countries.
2. Deploy more women police officers and investigators.
3. Support women's organizations in host countries.
"""

STATEMENT = """
The Peace Operations Working Group calls on the Security Council to renew the mission's
mandate with the protection of civilians as its first priority, and to give it the
helicopters, engineers and civilian staff its tasks require.

We urge the Government of Canada to offer specialized capabilities, including police
trainers and medical teams, and to support the mission's political work.
"""

WORK_PLAN = """
# Purpose

This note, for the steering committee only, sets out the proposed program of the working
group for the coming year.

# Proposed activities

1. Two closed expert roundtables: on rapid deployment, and on financing.
2. A public forum on Canada's contribution to peace operations.
3. The annual follow-up report on recommendations.

# Budget

Modest costs for venues and interpretation; sponsorship to be sought from members.
"""

DRAFT_BRIEF = """
# Draft for discussion

Mediation support units can help missions prevent relapse into conflict. This draft
asks how the group should contribute to the coming review of mediation support.
"""

RAPID_BRIEF = """
# The problem

Missions take six to twelve months to reach their authorized strength. The first months
after a ceasefire are when deployments matter most.

# Options

- a standing UN civilian and police capacity;
- pre-agreed national packages of engineers and medical units;
- regional standby forces ready to bridge the gap.

# Note

This brief is archived: its options were overtaken by later UN reforms.
"""

POC_FR_PDF = [
    "Les opérations de paix et la protection des civils: leçons des missions récentes.",
    "La protection des civils est devenue une tâche centrale des opérations de maintien de "
    "la paix. Les missions disposent rarement des moyens nécessaires pour couvrir de vastes "
    "territoires, et doivent établir des priorités.",
    "Les opérations qui réussissent combinent alerte précoce, dialogue avec les communautés "
    "et présence armée crédible. La formation des Casques bleus aux règles d'engagement et "
    "au droit international humanitaire reste essentielle.",
    "Recommandations: mieux financer les composantes civiles; renforcer les liens entre "
    "les missions et les organisations locales; rendre compte publiquement des résultats.",
]

FACT_SHEET_PDF = [
    "Fact sheet: Canada and peace support operations.",
    "Civilian experts, a national civilian roster, police in peace support operations, "
    "training centres and a gender training initiative.",
]

# date: (year, month or None, day or None); "other": slug of the other-language version
DOCUMENTS = [
    {
        "slug": "revised-concept-note-peace-operations-working-group-2005",
        "title": "Revised concept note of the Peace Operations Working Group",
        "document_type": "concept_note",
        "language": "en",
        "date": (2005, None, None),
        "summary": "The working group's mission, objectives, thematic interests, functions "
        "and structure, as revised by its steering committee.",
        "body": CONCEPT_NOTE_2005,
        "authors": [],
        "publishers": ["powg", "cpcc"],
        "themes": [CIVCAP, RAPID, REFORM],
        "keywords": ["mission", "governance"],
        "visibility": "public",
        "status": "published",
        "other": "note-conceptuelle-revisee-groupe-de-travail-2005",
    },
    {
        "slug": "note-conceptuelle-revisee-groupe-de-travail-2005",
        "title": "Note conceptuelle révisée du Groupe de travail sur les opérations de paix",
        "document_type": "concept_note",
        "language": "fr",
        "date": (2005, None, None),
        "summary": "La mission, les objectifs et les fonctions du groupe de travail.",
        "body": CONCEPT_NOTE_2005_FR,
        "publishers": ["powg", "cpcc"],
        "themes": [CIVCAP, RAPID, REFORM],
        "visibility": "public",
        "status": "published",
        "other": "revised-concept-note-peace-operations-working-group-2005",
    },
    {
        "slug": "roundtable-report-future-of-un-peacekeeping-2007",
        "title": "The future of UN peacekeeping: new challenges and opportunities",
        "subtitle": "Report of an experts' roundtable and public dialogue marking fifty years "
        "of UN peacekeeping",
        "document_type": "roundtable_report",
        "language": "en",
        "date": (2007, 11, None),
        "summary": "A closed roundtable and a public dialogue on the state of UN peacekeeping "
        "operations fifty years on, with recommendations to the Security Council, the UN "
        "peacekeeping department, missions, governments and NGOs.",
        "body": ROUNDTABLE_2007,
        "authors": ["Daniel Osei (rapporteur)"],
        "publishers": ["powg", "una"],
        "themes": [MANDATES, RAPID, POLICE, POC, CANADA],
        "keywords": ["50th anniversary", "rules of engagement", "Chatham House Rule"],
        "visibility": "public",
        "status": "published",
        "pdf": ROUNDTABLE_2007_PDF,
        "scanned": True,  # a printed report of 2007, scanned
    },
    {
        "slug": "fact-sheet-canada-peace-support-operations",
        "title": "Canada and peace support operations",
        "subtitle": "Fact sheet",
        "document_type": "fact_sheet",
        "language": "en",
        "date": (2006, 6, None),
        "summary": "Civilian experts, the national civilian roster, police, training centres "
        "and gender training in Canada's support to peace operations.",
        "body": FACT_SHEET,
        "publishers": ["gac"],
        "themes": [CANADA, CIVCAP, POLICE, CIVMIL, WPS],
        "keywords": ["civilian roster"],
        "visibility": "public",
        "status": "published",
        "pdf": FACT_SHEET_PDF,
    },
    {
        "slug": "concept-note-webinar-series-future-of-peacekeeping-2020",
        "title": "The future of peacekeeping: a virtual policy conference",
        "subtitle": "Concept note for a webinar series",
        "document_type": "concept_note",
        "language": "en",
        "date": (2020, 9, 15),
        "summary": "Why UN peace operations still matter, the questions a series of "
        "webinars will address, and the report it will produce.",
        "body": WEBINAR_2020,
        "authors": ["Amara Okafor", "Julien Tremblay"],
        "publishers": ["powg", "g78"],
        "themes": [REFORM, CANADA, WPS, PERFORMANCE],
        "keywords": ["webinar", "virtual conference"],
        "visibility": "public",
        "status": "published",
    },
    {
        "slug": "submission-review-of-peace-operations-2025",
        "title": "Submission to the review of the future of UN peace operations",
        "subtitle": "Answers to the call for contributions",
        "document_type": "submission",
        "language": "en",
        "date": (2025, 2, 28),
        "summary": "The working group's answers to a UN review's call for contributions: "
        "purposes of peace operations, adaptation, financing, and observations for troop- "
        "and police-contributing countries.",
        "body": SUBMISSION_2025,
        "authors": ["Sarah Lindqvist"],
        "publishers": ["powg"],
        "themes": [REFORM, POC, FINANCE, PERFORMANCE, REGIONAL],
        "keywords": ["call for contributions", "review"],
        "visibility": "public",
        "status": "published",
    },
    {
        "slug": "note-information-crise-liquidites-operations-de-paix",
        "title": "La crise de liquidités des opérations de paix",
        "subtitle": "Note d'information",
        "document_type": "briefing_note",
        "language": "fr",
        "date": (2024, 5, 10),
        "summary": "Pourquoi les retards de paiement des contributions menacent les "
        "opérations de maintien de la paix, et ce que le Canada peut faire.",
        "body": LIQUIDITY_FR,
        "authors": ["Julien Tremblay"],
        "publishers": ["powg"],
        "themes": [FINANCE, CANADA],
        "keywords": ["budget", "contributions"],
        "visibility": "public",
        "status": "published",
    },
    {
        "slug": "policy-brief-women-in-peacekeeping-members",
        "title": "Women in uniform: closing the gap in UN peacekeeping",
        "document_type": "policy_brief",
        "language": "en",
        "date": (2023, 3, 8),
        "summary": "What has worked to increase the share of women among military and police "
        "peacekeepers, and options for Canada.",
        "body": WPS_BRIEF,
        "authors": ["Amara Okafor"],
        "publishers": ["powg"],
        "themes": [WPS, CANADA],
        "keywords": ["gender parity", "Elsie Initiative"],
        "visibility": "members",
        "listed_publicly": True,
        "status": "published",
    },
    {
        "slug": "statement-mandate-renewal-protection-of-civilians",
        "title": "Statement on the renewal of a mission's mandate",
        "document_type": "statement",
        "language": "en",
        "date": (2022, 12, 1),
        "summary": "The group asks the Security Council to keep the protection of civilians "
        "first, and Canada to offer specialized capabilities.",
        "body": STATEMENT,
        "publishers": ["powg", "una"],
        "themes": [POC, MANDATES, CANADA],
        "visibility": "public",
        "status": "published",
    },
    {
        "slug": "steering-committee-work-plan-2026",
        "title": "Proposed work plan for 2026",
        "document_type": "briefing_note",
        "language": "en",
        "date": (2026, 1, 20),
        "summary": "The steering committee's proposed activities and budget for the year.",
        "body": WORK_PLAN,
        "publishers": ["powg"],
        "themes": [RAPID, FINANCE],
        "visibility": "steering",
        "status": "published",
    },
    {
        "slug": "draft-mediation-support-brief",
        "title": "Mediation support in peace operations (draft)",
        "document_type": "policy_brief",
        "language": "en",
        "date": (2026, 4, 2),
        "summary": "A draft for the steering committee's discussion.",
        "body": DRAFT_BRIEF,
        "themes": [PREVENTION],
        "visibility": "public",
        "status": "draft",
    },
    {
        "slug": "operations-de-paix-protection-des-civils",
        "title": "Les opérations de paix et la protection des civils",
        "subtitle": "Leçons des missions récentes",
        "document_type": "report",
        "language": "fr",
        "date": (2019, 11, None),
        "summary": "Ce que les missions récentes enseignent sur la protection des civils.",
        "body": "",
        "authors": ["Julien Tremblay", "Amara Okafor"],
        "publishers": ["powg", "ppc"],
        "themes": [POC, CIVMIL],
        "visibility": "public",
        "status": "published",
        "pdf": POC_FR_PDF,
    },
    {
        "slug": "policy-brief-rapid-deployment-options",
        "title": "Getting there in time: options for rapid deployment",
        "document_type": "policy_brief",
        "language": "en",
        "date": (2009, 4, 1),
        "summary": "Why missions take months to deploy and three options to close the gap.",
        "body": RAPID_BRIEF,
        "publishers": ["powg", "canadem"],
        "themes": [RAPID, CIVCAP, REGIONAL],
        "keywords": ["standby arrangements"],
        "visibility": "public",
        "status": "archived",
    },
]
