"""Print an order: the whole pack (order + appendices) or one appendix, as HTML, PDF or XLSX.

The pack is made of parts — the order itself and each appendix — built here as HTML and laid out, cached and
merged by the documents engine (``salsk_mentoring.documents.parts``): a long plain table appendix (a 1,000-entry
mentor bank) is set by ReportLab, the rest by WeasyPrint, the missing parts in parallel by the print pool. A
standalone appendix is the same bytes as its part.

The PDF of a signed order is stored at signing (``Order.frozen_pdf``) and served byte for byte afterwards; the
output is deterministic anyway, so the same HTML always gives the same bytes.

Every page of a pack carries the order's version line in its bottom margin (:func:`version_line`): a signed
order «Подписан 15.11.2021 · зафиксированная редакция · версия 3f9a2c1b», a draft «ПРОЕКТ — не подписан …»,
the version being a short hash of what the pack prints.
"""

from django.template.loader import render_to_string

from salsk_mentoring.documents import parts, pool
from salsk_mentoring.documents.responses import PDF_CONTENT_TYPE
from salsk_mentoring.documents.stamp import content_hash, stamp_pages
from salsk_mentoring.documents.xlsx import write_rows

from . import appendix_content
from .layout import profile_for


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
        items.append(Item(appendix, appendix_content.render(appendix)))
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


def part_htmls(order) -> list[str]:
    htmls = [render_pack_html(order, include_order=True, only=_NO_APPENDIX)]
    for appendix in order.appendices.all():
        htmls.append(render_pack_html(order, include_order=False, only=appendix))
    return htmls


def version_line(order, htmls: list[str], *, of: str = "") -> str:
    """The line every page of the pack carries: status, date of signing or «проект», a short content hash
    (``of="приложения"``: an appendix printed alone, versioned by its own content)."""
    version = f"версия {of} {content_hash(htmls)}" if of else f"версия {content_hash(htmls)}"
    if order.is_signed:
        edition = "зафиксированная редакция" if order.is_frozen else "приложения по данным реестров"
        return f"Подписан {order.date:%d.%m.%Y} · {edition} · {version}"
    return f"ПРОЕКТ — не подписан, может измениться · {version}"


def _pack(order, htmls, pdfs) -> bytes:
    return stamp_pages(parts.merge_pdfs(pdfs), version_line(order, htmls))


def build_pack_pdf(order, *, workers: int = 1, progress=None) -> bytes:
    """The one function that produces an order's printable content: the pack laid out (or read from the part
    cache) from what the order prints now — its snapshot when frozen, the live registries otherwise.
    ``workers`` > 1 (background jobs only) lays the missing parts out in the print pool."""
    pool.get_ready(workers)  # the fork server gets ready while the HTML is built
    htmls = part_htmls(order)
    return _pack(order, htmls, parts.parts_pdfs(htmls, workers=workers, progress=progress))


def pack_pdf(order) -> bytes:
    """The stored bytes of a frozen order, else the pack built now, one part after another."""
    if order.is_frozen and order.frozen_pdf:
        return bytes(order.frozen_pdf)
    return build_pack_pdf(order)


def ready_pack_pdf(order) -> bytes | None:
    """The pack when it costs no layout — a frozen order's bytes, or every part in the cache — else None (the
    order's PDF link then starts :func:`pack_job`)."""
    if order.is_frozen and order.frozen_pdf:
        return bytes(order.frozen_pdf)
    htmls = part_htmls(order)
    cached = parts.cached_parts(htmls)
    return _pack(order, htmls, cached) if all(part is not None for part in cached) else None


def pack_job(*, job, order: int):
    """Background job: the pack of an order the job's user may see, parts laid out in the print pool."""
    from django.conf import settings

    from .models import Order

    order = Order.objects.for_user(job.user).select_related("issuer").get(pk=order)
    pdf = build_pack_pdf(order, workers=settings.PRINT_WORKERS, progress=job.reporter("Вёрстка частей комплекта"))
    return pdf, f"{pack_title(order)}.pdf", PDF_CONTENT_TYPE


#: Table rows above which the DOCX of a pack is made by a background job (≈ 1 s of python-docx, ``make bench``).
DOCX_SYNC_ROWS = 100
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pack_docx(order, html: str | None = None) -> bytes:
    """The order with its appendices as an editable Word file: the same HTML as the PDF, read by the documents
    engine's one DOCX writer (real Word tables, ГОСТ Р 7.0.97 margins, each appendix on its own page)."""
    from salsk_mentoring.documents.word import html_to_docx

    return html_to_docx(html or render_pack_html(order), title=pack_title(order))


def docx_job(*, job, order: int):
    """Background job: the DOCX of a big pack (a 1,000-entry mentor bank)."""
    from .models import Order

    order = Order.objects.for_user(job.user).select_related("issuer").get(pk=order)
    job.reporter("Сборка документа Word")(0, 1)
    content = pack_docx(order)
    job.reporter("Сборка документа Word")(1, 1)
    return content, f"{pack_title(order)}.docx", DOCX_CONTENT_TYPE


def appendix_html(order, appendix) -> str:
    return render_pack_html(order, include_order=False, only=appendix)


def appendix_pdf(order, appendix) -> bytes:
    html = appendix_html(order, appendix)
    return stamp_appendix(order, html, parts.part_pdf(html))


def stamp_appendix(order, html, pdf: bytes) -> bytes:
    """An appendix printed alone carries the order's status and the version of its own content."""
    return stamp_pages(pdf, version_line(order, [html], of="приложения"))


def appendix_title(order, appendix) -> str:
    return f"Приложение {appendix.number} к приказу {order.reference}"


def appendix_job(*, job, order: int, number: int):
    """Background job: one appendix of an order (a long table appendix not yet in the part cache)."""
    from .models import Order

    order = Order.objects.for_user(job.user).select_related("issuer").get(pk=order)
    appendix = order.appendices.get(number=number)
    job.set_progress(0, 1, "Вёрстка приложения")
    return appendix_pdf(order, appendix), f"{appendix_title(order, appendix)}.pdf", PDF_CONTENT_TYPE


def appendix_xlsx(order, appendix, *, author: str = ""):
    """XLSX of a table appendix, or None when the appendix is not a table (or has no data)."""
    appendix.order = order
    rendered = appendix_content.render(appendix)
    if rendered.missing or not rendered.headers:
        return None
    return write_rows(
        rendered.rows or [], title=f"Приложение {appendix.number}", headers=list(rendered.headers),
        filters=[pack_title(order)], author=author,
    )
