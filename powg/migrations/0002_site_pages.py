"""The site's own pages as data: the About text, the privacy notice and the home page's
introduction, in English and French Markdown, as they stood in the templates.

``PAGES`` is the one copy of these first texts: ``powg.pages`` reads it to show a page
whose row is missing (a flushed test database) and to create it when it is first edited.
``{email}`` stands for the site's contact address (``CONTACT_EMAIL``).
"""

from django.conf import settings
from django.db import migrations

PAGES = {
    "about": {
        "title": "About the working group",
        "title_fr": "À propos du groupe de travail",
        "body": (
            "The Peace Operations Working Group is a Canadian platform of individuals and civil-society organizations concerned with United Nations peacekeeping, peace support operations and peacebuilding. It is a working group of the Canadian Peacebuilding Coordinating Committee.\n"
            "\n"
            "# Mission\n"
            "\n"
            "To strengthen Canada's contribution to effective, legitimate and well-resourced peace operations by bringing civil-society knowledge to policy makers, and policy debates to civil society.\n"
            "\n"
            "# Objectives\n"
            "\n"
            "- Civilian capacity: more and better-prepared civilian experts available for peace operations.\n"
            "- Timely deployment: operations that arrive when they are needed, with the people and means their mandates require.\n"
            "- Governance and legality: operations grounded in international law, accountable to the people they serve.\n"
            "\n"
            "# What the group does\n"
            "\n"
            "- Builds civilian capacity, including a roster of civilian experts.\n"
            "- Links Canadian organizations with civil-society networks abroad.\n"
            "- Gathers and distributes information: policy papers, briefing notes, submissions.\n"
            "- Facilitates policy dialogue: closed expert roundtables, public forums and webinar series.\n"
            "- Monitors current developments and follows up what it recommended.\n"
            "\n"
            "# Structure\n"
            "\n"
            "A steering committee of representatives of member organizations sets the group's program, with the Coordinating Committee ex officio. A member organization serves as the group's administrative home. The group reports to the Coordinating Committee's annual meeting.\n"
        ),
        "body_fr": (
            "Le Groupe de travail sur les opérations de paix est une plateforme canadienne de personnes et d'organisations de la société civile qui s'intéressent au maintien de la paix des Nations Unies, aux opérations de soutien de la paix et à la consolidation de la paix. Il est un groupe de travail du Comité coordonnateur canadien pour la consolidation de la paix.\n"
            "\n"
            "# Mission\n"
            "\n"
            "Renforcer la contribution du Canada à des opérations de paix efficaces, légitimes et dotées de moyens suffisants, en portant le savoir de la société civile auprès des décideurs et les débats politiques auprès de la société civile.\n"
            "\n"
            "# Objectifs\n"
            "\n"
            "- Capacité civile\u00a0: des experts civils plus nombreux et mieux préparés, disponibles pour les opérations de paix.\n"
            "- Déploiement rapide\u00a0: des opérations qui arrivent quand on en a besoin, avec les personnes et les moyens que leurs mandats exigent.\n"
            "- Gouvernance et légalité\u00a0: des opérations fondées sur le droit international et redevables envers les populations qu'elles servent.\n"
            "\n"
            "# Ce que fait le groupe\n"
            "\n"
            "- Il renforce la capacité civile, notamment par un fichier d'experts civils.\n"
            "- Il relie les organisations canadiennes aux réseaux de la société civile à l'étranger.\n"
            "- Il recueille et diffuse l'information\u00a0: documents d'orientation, notes d'information, mémoires.\n"
            "- Il facilite le dialogue sur les politiques\u00a0: tables rondes d'experts à huis clos, forums publics et séries de webinaires.\n"
            "- Il suit l'actualité et le sort de ses recommandations.\n"
            "\n"
            "# Structure\n"
            "\n"
            "Un comité directeur formé de représentants des organisations membres fixe le programme du groupe, le Comité coordonnateur y siégeant d'office. Une organisation membre assure l'accueil administratif du groupe. Le groupe rend compte à l'assemblée annuelle du Comité coordonnateur.\n"
        ),
    },
    "privacy": {
        "title": "Privacy notice",
        "title_fr": "Avis de confidentialité",
        "body": (
            "We use what you send only to review your application. Only the steering committee reads it. It is not shared outside the working group.\n"
            "\n"
            "If you are accepted, your account and profile are created from it. Other members see your profile only if you choose to join the directory or the expert roster, and your email address only if you choose to show it.\n"
            "\n"
            "To see, correct or delete what we hold about you, write to {email}.\n"
        ),
        "body_fr": (
            "Nous n’utilisons ce que vous envoyez que pour examiner votre demande. Seul le comité directeur la lit. Elle n’est pas communiquée hors du groupe de travail.\n"
            "\n"
            "Si vous êtes accepté·e, votre compte et votre profil sont créés à partir de celle-ci. Les autres membres ne voient votre profil que si vous choisissez de figurer au répertoire ou au fichier d’experts, et votre adresse courriel que si vous choisissez de la montrer.\n"
            "\n"
            "Pour consulter, corriger ou supprimer ce que nous détenons à votre sujet, écrivez à {email}.\n"
        ),
    },
    "home": {
        "title": "Peace Operations Working Group",
        "title_fr": "Groupe de travail sur les opérations de paix",
        "body": (
            "Canadian civil society working together on UN peacekeeping, peace support operations and peacebuilding: we publish policy papers, convene expert roundtables and public forums, keep a roster of civilian experts, and follow up what we recommend to the United Nations and to the Government of Canada.\n"
        ),
        "body_fr": (
            "La société civile canadienne réunie autour du maintien de la paix de l'ONU, des opérations de soutien de la paix et de la consolidation de la paix\u00a0: nous publions des documents d'orientation, réunissons des tables rondes d'experts et des forums publics, tenons un fichier d'experts civils et suivons ce que nous recommandons aux Nations Unies et au gouvernement du Canada.\n"
        ),
    },
}


def initial_text(name: str) -> dict:
    """The first title and text of a page, its contact address filled in."""
    email = settings.CONTACT_EMAIL
    link = f"[{email}](mailto:{email})"
    return {key: value.replace("{email}", link) for key, value in PAGES[name].items()}


def create_pages(apps, schema_editor):
    SitePage = apps.get_model("powg", "SitePage")
    for name in PAGES:
        SitePage.objects.get_or_create(name=name, defaults=initial_text(name))


def remove_pages(apps, schema_editor):
    apps.get_model("powg", "SitePage").objects.filter(name__in=list(PAGES)).delete()


class Migration(migrations.Migration):
    dependencies = [("powg", "0001_editing")]

    operations = [migrations.RunPython(create_pages, remove_pages)]
