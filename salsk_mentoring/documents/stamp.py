"""A line stamped into the bottom margin of every page of a finished PDF: an order's version line («Подписан
15.11.2021 · версия 3f9a2c1b», «ПРОЕКТ — не подписан …»).

It is put on the merged document, whichever typesetter laid each part out (WeasyPrint or the long-table
ReportLab one), so the parts stay what the part cache keeps. Byte-stable: ReportLab's invariant mode and pypdf
add no dates or random identifiers, so the same document and line always give the same bytes.
"""

import functools
import hashlib
import io

from .textfit import FONT, MM, _register_fonts

STAMP_PT = 8
STAMP_FROM_BOTTOM_MM = 8  # inside the 20 mm bottom margin of ГОСТ Р 7.0.97, clear of the text


def content_hash(htmls: list[str]) -> str:
    """A short hash of what a document prints (its parts' HTML): the same content, the same hash."""
    digest = hashlib.sha256()
    for html in htmls:
        digest.update(hashlib.sha256(html.encode("utf-8")).digest())
    return digest.hexdigest()[:8]


@functools.lru_cache(maxsize=64)
def _overlay(text: str, width: float, height: float) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    _register_fonts()
    buffer = io.BytesIO()
    # Started in the embedded PT Serif: ReportLab's initial Helvetica would be named on every page, not carried.
    canvas = Canvas(
        buffer, pagesize=(width, height), invariant=1, pageCompression=1, initialFontName=FONT,
        initialFontSize=STAMP_PT,
    )
    canvas.setAuthor("")
    canvas.setCreator("")
    canvas.setProducer("")
    canvas.setFont(FONT, STAMP_PT)
    canvas.setFillGray(0.25)
    canvas.drawCentredString(width / 2, STAMP_FROM_BOTTOM_MM * MM, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def stamp_pages(pdf: bytes, text: str) -> bytes:
    """``pdf`` with ``text`` centred in the bottom margin of each page (portrait and landscape alike)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        overlay = PdfReader(io.BytesIO(_overlay(text, width, height))).pages[0]
        page.merge_page(overlay)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
