"""Real files for the archive tests, made on the spot: text PDFs, a scan, Word, OpenDocument.

The scan is an image of rendered text in a PDF with no text layer: only text
recognition can read its words.
"""

import io

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def text_pdf(
    title="A paper", paragraphs=("Peacekeeping needs civilian experts.",), info_title=None
):
    """A PDF with a text layer; ``info_title`` goes in its document information."""
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    if info_title:
        pdf.set_title(info_title)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, _latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _latin1(text):
    return text.encode("latin-1", "replace").decode("latin-1")  # the core fonts' range


def scanned_pdf(lines=("Report on the mission", "The word is quixotrine")):
    """A one-page PDF that is only a picture of ``lines`` (no text layer)."""
    image = Image.new("L", (1275, 1650), 255)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype(FONT, 40)
    except OSError:
        font = ImageFont.load_default(size=40)
    for number, line in enumerate(lines):
        draw.text((120, 200 + 80 * number), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=150)
    return buffer.getvalue()


def docx_file(heading="A Word paper", paragraphs=("Civilian protection in Mali.",)):
    import docx

    document = docx.Document()
    document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_file(heading="An OpenDocument paper", paragraphs=("Women, peace and security.",)):
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=heading))
    for paragraph in paragraphs:
        document.text.addElement(P(text=paragraph))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def corrupt_pdf():
    """Starts like a PDF, then is nothing."""
    return b"%PDF-1.4\n" + b"\x00garbage" * 200
