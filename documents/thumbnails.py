"""Cover thumbnails of PDFs (pypdfium2): being written."""


def render_for(document_id: int) -> bool:
    raise NotImplementedError
