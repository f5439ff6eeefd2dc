"""Demo content of the library: the thematic areas (English / French)."""

from django.utils.text import slugify

from documents.models import ThematicArea

THEMATIC_AREAS = [
    (
        "Protection of civilians and the Responsibility to Protect",
        "Protection des civils et responsabilité de protéger",
        "Protecting people under threat of violence in mission areas, and the international "
        "responsibility to act when states fail to.",
    ),
    (
        "UN reform and peace operations policy",
        "Réforme de l'ONU et politique des opérations de paix",
        "Reviews, reform agendas and the policy framework of UN peace operations.",
    ),
    (
        "Mandates, legitimacy and the use of force",
        "Mandats, légitimité et recours à la force",
        "What the Security Council asks of missions, on what authority, and with what means.",
    ),
    (
        "Civilian capacity and expert deployment",
        "Capacité civile et déploiement d'experts",
        "Recruiting, training and deploying civilian experts to peace operations.",
    ),
    (
        "Rapid deployment and standing capacity",
        "Déploiement rapide et capacité permanente",
        "Getting the right people and means on the ground in weeks, not months.",
    ),
    (
        "Police, rule of law and justice",
        "Police, état de droit et justice",
        "Police in peace operations, corrections, courts and the rule of law.",
    ),
    (
        "Peacebuilding, transition and recovery (DDR, SSR)",
        "Consolidation de la paix, transition et relèvement",
        "Disarmament, demobilization and reintegration, security-sector reform and transitions.",
    ),
    (
        "Regional organizations and partnerships",
        "Organisations régionales et partenariats",
        "The African Union and other regional partners of the United Nations.",
    ),
    (
        "Women, peace and security",
        "Femmes, paix et sécurité",
        "Gender perspectives, women's participation and the Women, Peace and Security agenda.",
    ),
    (
        "Financing and the liquidity crisis",
        "Financement et crise de liquidités",
        "How peace operations are paid for, and what happens when they are not.",
    ),
    (
        "Canada's role in peace operations",
        "Le rôle du Canada dans les opérations de paix",
        "Canadian policy, contributions and leadership in peace operations.",
    ),
    (
        "Conflict prevention and mediation",
        "Prévention des conflits et médiation",
        "Early warning, preventive diplomacy and mediation support.",
    ),
    (
        "Civil-military coordination and training",
        "Coordination civilo-militaire et formation",
        "Training centres, joint exercises and coordination between civilians and the military.",
    ),
    (
        "Performance, accountability and new technology",
        "Performance, redevabilité et nouvelles technologies",
        "Measuring what missions achieve, holding them to account, and the tools they use.",
    ),
]


def load_thematic_areas(log):
    for order, (name, name_fr, description) in enumerate(THEMATIC_AREAS, start=1):
        ThematicArea.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "name_fr": name_fr,
                "description": description,
                "display_order": order,
            },
        )
    log(f"{len(THEMATIC_AREAS)} thematic areas")


def load(log):
    load_thematic_areas(log)
