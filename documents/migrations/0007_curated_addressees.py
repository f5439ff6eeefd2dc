"""The curated addressees, with the aliases the group's reports use for them.

Copied here (not imported from the parser) so the migration never changes later.
"""

from django.db import migrations

ADDRESSEES = [
    (
        "un-security-council",
        "UN Security Council",
        "Conseil de sécurité de l'ONU",
        "The Council and its members, as decision-maker on mandates.",
        "Le Conseil et ses membres, qui décident des mandats.",
        ["Security Council", "SC", "UNSC", "Conseil de sécurité"],
    ),
    (
        "un-secretariat-dpo",
        "UN Secretariat and Department of Peace Operations",
        "Secrétariat de l'ONU et Département des opérations de paix",
        "The Secretary-General, the Secretariat and the Department of Peace Operations "
        "(formerly the Department of Peacekeeping Operations, DPKO).",
        "Le Secrétaire général, le Secrétariat et le Département des opérations de paix "
        "(anciennement Département des opérations de maintien de la paix, DOMP).",
        [
            "DPO",
            "DPKO",
            "Department of Peacekeeping Operations",
            "Department of Peace Operations",
            "UN peacekeeping department",
            "Secretariat",
            "Secrétariat",
            "Département des opérations de paix",
            "Département des opérations de maintien de la paix",
        ],
    ),
    (
        "un-missions",
        "UN missions on the ground",
        "Missions de l'ONU sur le terrain",
        "Peace operations and their leadership in the field.",
        "Les opérations de paix et leur direction sur le terrain.",
        ["missions", "field missions", "missions on the ground", "missions sur le terrain"],
    ),
    (
        "general-assembly-member-states",
        "UN General Assembly and member states",
        "Assemblée générale de l'ONU et États membres",
        "The General Assembly, its committees, and governments at the United Nations.",
        "L'Assemblée générale, ses commissions et les gouvernements aux Nations Unies.",
        [
            "General Assembly",
            "member states",
            "governments at the United Nations",
            "governments at the UN",
            "Assemblée générale",
            "États membres",
        ],
    ),
    (
        "government-of-canada",
        "Government of Canada",
        "Gouvernement du Canada",
        "Global Affairs Canada, National Defence, the RCMP and Parliament.",
        "Affaires mondiales Canada, la Défense nationale, la GRC et le Parlement.",
        [
            "Canadian government",
            "Canada",
            "Government of Canada",
            "GAC",
            "gouvernement du Canada",
            "gouvernement canadien",
        ],
    ),
    (
        "regional-organizations",
        "Regional organizations",
        "Organisations régionales",
        "Such as the African Union, and their peace operations.",
        "Comme l'Union africaine, et leurs opérations de paix.",
        [
            "African Union",
            "AU",
            "regional organizations",
            "Union africaine",
            "organisations régionales",
        ],
    ),
    (
        "ngos-civil-society",
        "NGOs and civil society",
        "ONG et société civile",
        "Canadian and international non-governmental organizations and civil society.",
        "Les organisations non gouvernementales canadiennes et internationales et la "
        "société civile.",
        ["NGOs", "civil society", "Canadian and international NGOs", "ONG", "société civile"],
    ),
]


def curated_fields():
    """(slug, fields) of each curated addressee; load_demo uses them too."""
    for order, (slug, name, name_fr, description, description_fr, aliases) in enumerate(
        ADDRESSEES, start=1
    ):
        yield (
            slug,
            {
                "name": name,
                "name_fr": name_fr,
                "description": description,
                "description_fr": description_fr,
                "aliases": aliases,
                "display_order": order * 10,
            },
        )


def add_addressees(apps, schema_editor):
    Addressee = apps.get_model("documents", "Addressee")
    for slug, fields in curated_fields():
        Addressee.objects.update_or_create(slug=slug, defaults=fields)


def remove_addressees(apps, schema_editor):
    Addressee = apps.get_model("documents", "Addressee")
    Addressee.objects.filter(slug__in=[row[0] for row in ADDRESSEES], assignments=None).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0006_recommendations")]

    operations = [migrations.RunPython(add_addressees, remove_addressees)]
