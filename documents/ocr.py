"""Text recognition of scanned PDFs (OCRmyPDF with Tesseract): being written."""


def recognise_document(document_id: int) -> str:
    raise NotImplementedError
