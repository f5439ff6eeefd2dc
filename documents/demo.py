"""Demo content of the library: the thematic areas and papers modelled on the group's own.

The texts are written for the demo, in the spirit of the kinds of papers the group
publishes (concept notes, a roundtable report, a fact sheet, a webinar concept note, a
submission to a UN review...). Idempotent: documents are found by slug, files are
generated only when missing.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from documents import recommendations_demo
from documents.demo_texts import DOCUMENTS, ORGANIZATIONS
from documents.models import Document, ThematicArea

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


def _organization(name, acronym, kind):
    from members.models import Organization

    organization = Organization.objects.filter(name=name).first()
    if organization is None:
        organization = Organization.objects.create(
            name=name, acronym=acronym, kind=kind, slug=slugify(name)[:200]
        )
    return organization


def make_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A small real PDF with a text layer, so search reads the file's words."""
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.set_title(title)
    pdf.set_author("Peace Operations Working Group (demo)")
    pdf.set_margins(22, 22, 22)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, title.encode("latin-1", "replace").decode("latin-1"))
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph.encode("latin-1", "replace").decode("latin-1"))
        pdf.ln(3)
    return bytes(pdf.output())


def make_scan(title: str, paragraphs: list[str]) -> bytes:
    """A PDF that is only pictures of printed pages, as an old paper scanned: no text
    layer, so its words reach search through text recognition (``documents.ocr``)."""
    import io
    import textwrap

    from PIL import Image, ImageDraw, ImageFont

    def font(size):
        try:
            return ImageFont.truetype("DejaVuSerif.ttf", size)
        except OSError:
            return ImageFont.load_default(size=size)

    pages, lines = (
        [],
        [(title, font(38))]
        + [
            (line, font(26))
            for paragraph in paragraphs
            for line in textwrap.wrap(paragraph, 70) + [""]
        ],
    )
    while lines:
        page = Image.new("L", (1275, 1650), 250)  # Letter at 150 dpi, greyish paper
        draw, y = ImageDraw.Draw(page), 150
        while lines and y < 1450:
            text, face = lines.pop(0)
            draw.text((150, y), text, fill=20, font=face)
            y += face.size + 16
        pages.append(page)
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def load_documents(log):
    from documents import services

    organizations = {key: _organization(*value) for key, value in ORGANIZATIONS.items()}
    themes = {area.slug: area for area in ThematicArea.objects.all()}
    created = 0
    for spec in DOCUMENTS:
        spec = dict(spec)
        theme_slugs = spec.pop("themes", [])
        keywords = spec.pop("keywords", [])
        publishers = spec.pop("publishers", [])
        pdf_paragraphs = spec.pop("pdf", None)
        scanned = spec.pop("scanned", False)  # its text comes from text recognition
        spec.pop("other", None)
        year, month, day = spec.pop("date")
        spec["publication_date"] = datetime.date(year, month or 1, day or 1)
        spec["date_precision"] = "day" if day else "month" if month else "year"
        document, was_created = Document.objects.get_or_create(slug=spec["slug"], defaults=spec)
        if not was_created:
            continue
        created += 1
        document.themes.set([themes[s] for s in theme_slugs if s in themes])
        document.keywords.set(keywords)
        document.publishing_organizations.set([organizations[k] for k in publishers])
        if pdf_paragraphs:
            make = make_scan if scanned else make_pdf
            document.file.save(
                f"{document.slug}.pdf", ContentFile(make(document.title, pdf_paragraphs))
            )
            services.extract_file_text(document=document)
        else:
            from documents.search_vectors import refresh_search_vectors

            refresh_search_vectors([document.pk])
    for spec in DOCUMENTS:
        if spec.get("other"):
            document = Document.objects.get(slug=spec["slug"])
            other = Document.objects.filter(slug=spec["other"]).first()
            if other and document.other_language_version_id != other.pk:
                document.other_language_version = other
                document.save(update_fields=["other_language_version"])
                services.link_other_language_versions(document=document)
    log(f"{created} documents created ({len(DOCUMENTS)} in the demo library)")


# Gaps the demo's steering committee has decided on: slug, plan, due date in days from
# the day the demo is loaded (one late, one ahead), so the parity page has each case.
TRANSLATION_PLANS = [
    ("note-information-crise-liquidites-operations-de-paix", "planned", -21),
    ("submission-review-of-peace-operations-2025", "planned", 45),
    ("fact-sheet-canada-peace-support-operations", "not_planned", None),
]


def load_translation_plans(log):
    """Mark a few unpaired papers, once: a decision already taken is left alone."""
    from documents.translations import set_translation_plan

    today = timezone.localdate()
    marked = 0
    for slug, plan, days in TRANSLATION_PLANS:
        document = Document.objects.filter(
            slug=slug, other_language_version=None, translation_plan=""
        ).first()
        if document is None:
            continue
        due = today + datetime.timedelta(days=days) if days is not None else None
        set_translation_plan(document=document, plan=plan, due=due)
        marked += 1
    log(f"{marked} translation plans marked ({len(TRANSLATION_PLANS)} in the demo)")


def load(log):
    load_thematic_areas(log)
    load_documents(log)
    load_translation_plans(log)
    recommendations_demo.load(log)
