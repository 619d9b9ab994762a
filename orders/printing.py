"""Print an order: the whole pack (order + appendices) or one appendix, as HTML, PDF or XLSX.

The pack is made of parts — the order itself and each appendix — each laid out on its own (page
numbers from the second page of each part, as appendices of an order are numbered on their own) and
then put together with pypdf. A long plain table (a 1,000-entry mentor bank) is set by ReportLab from
the same HTML (``orders.longtable``): WeasyPrint would spend 6–12 ms on each of its rows.

A part's PDF is kept (``PrintedPart``, shared by every app server) under the hash of its HTML: an
appendix whose data did not change is not laid out again, and a changed one gets a new hash, so the
pack is always current. A standalone appendix is the same bytes as its part.

The PDF of a signed order is stored at signing (``Order.frozen_pdf``) and served byte for byte
afterwards; the output is deterministic anyway (WeasyPrint: no dates in the metadata, a document
identifier derived from the HTML; ReportLab: invariant mode), so the same HTML always gives the same bytes.
"""

import hashlib
import io
import logging
from datetime import timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from salsk_mentoring.exports import write_rows
from salsk_mentoring.reports import PRINT_BASE_URL, StaticOnlyFetcher

from . import appendices as registry
from . import longtable
from .layout import profile_for

logger = logging.getLogger(__name__)


class _NoAppendix:
    """``only=_NO_APPENDIX``: the order text alone."""

    pk = object()
    number = 0


_NO_APPENDIX = _NoAppendix()


class Item:
    def __init__(self, appendix, rendered):
        self.appendix = appendix
        self.rendered = rendered


def rendered_items(order, only=None):
    items = []
    for appendix in order.appendices.all():
        if only is not None and appendix.pk != only.pk:
            continue
        appendix.order = order  # no extra query per appendix
        items.append(Item(appendix, registry.render(appendix)))
    return items


def pack_title(order):
    return f"{order.kind} {order.reference}"


def render_pack_html(order, *, include_order=True, only=None) -> str:
    points = list(order.points.all())
    numbered = order.numbered_points(points)
    control_number = f"{sum(1 for number, _ in numbered if number.count('.') == 1) + 1}."
    context = {
        "order": order,
        "profile": profile_for(order),
        "points": numbered,
        "control_number": control_number,
        "appendices": rendered_items(order, only=only),
        "include_order": include_order,
        "title": pack_title(order)
        if include_order
        else f"Приложение {only.number} к приказу {order.reference}",
    }
    return render_to_string("orders/print/pack.html", context)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint with a document identifier derived from the HTML: same HTML → same bytes."""
    from weasyprint import HTML

    buffer = io.BytesIO()
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
    HTML(string=html, base_url=PRINT_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(
        buffer, pdf_identifier=identifier, uncompressed_pdf=False
    )
    return buffer.getvalue()


PART_KEEP_DAYS = 30


def part_pdf(html: str) -> bytes:
    """The PDF of one part: laid out once per distinct HTML, then read from ``PrintedPart``.

    A long plain table appendix (``longtable``) is set by ReportLab, everything else by WeasyPrint."""
    from .models import PrintedPart

    # The key names the typesetter's version for a part that may be a long table; the HTML is parsed only
    # when the part is not in the cache (reading 1,000 rows back costs a few tenths of a second).
    engine = f"{longtable.VERSION}\n" if longtable.may_be_long_table(html) else ""
    key = hashlib.sha256((engine + html).encode("utf-8")).hexdigest()
    stored = PrintedPart.objects.filter(key=key).values_list("pdf", flat=True).first()
    if stored is not None:
        return bytes(stored)
    pdf = None
    table = longtable.table_part(html) if engine else None
    if table:
        try:
            pdf = longtable.to_pdf(table)
        except Exception:  # e.g. a row taller than a page, which WeasyPrint splits and ReportLab cannot
            logger.warning("Long table part laid out by WeasyPrint instead", exc_info=True)
    if pdf is None:
        pdf = html_to_pdf(html)
    with transaction.atomic():
        PrintedPart.objects.filter(created_at__lt=timezone.now() - timedelta(days=PART_KEEP_DAYS)).delete()
        PrintedPart.objects.get_or_create(key=key, defaults={"pdf": pdf})
    return pdf


def merge_pdfs(parts: list[bytes]) -> bytes:
    """One PDF of the parts, in order (pypdf adds no dates or random identifiers: same parts, same bytes)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def part_htmls(order) -> list[str]:
    htmls = [render_pack_html(order, include_order=True, only=_NO_APPENDIX)]
    for appendix in order.appendices.all():
        htmls.append(render_pack_html(order, include_order=False, only=appendix))
    return htmls


def pack_pdf(order) -> bytes:
    if order.is_frozen and order.frozen_pdf:
        return bytes(order.frozen_pdf)
    return merge_pdfs([part_pdf(html) for html in part_htmls(order)])


def appendix_pdf(order, appendix) -> bytes:
    return part_pdf(render_pack_html(order, include_order=False, only=appendix))


def appendix_xlsx(order, appendix):
    """XLSX of a table appendix, or None when the appendix is not a table (or has no data)."""
    appendix.order = order
    rendered = registry.render(appendix)
    if rendered.missing or not rendered.headers:
        return None
    return write_rows(
        rendered.rows or [], title=f"Приложение {appendix.number}", headers=list(rendered.headers)
    )
