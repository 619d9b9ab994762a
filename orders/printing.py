"""Print an order: the whole pack (order + appendices) or one appendix, as HTML, PDF or XLSX.

The pack is made of parts — the order itself and each appendix — each laid out on its own (page
numbers from the second page of each part, as appendices of an order are numbered on their own) and
then put together with pypdf. A long plain table (a 1,000-entry mentor bank) is set by ReportLab from
the same HTML (``orders.longtable``): WeasyPrint would spend 6–12 ms on each of its rows.

A part's PDF is kept (``PrintedPart``, shared by every app server) under the hash of its HTML: an
appendix whose data did not change is not laid out again, and a changed one gets a new hash, so the
pack is always current. A standalone appendix is the same bytes as its part.

The parts missing from the cache are laid out at once by ``settings.ORDERS_PRINT_WORKERS`` processes (2; the
HTML is built here first, the workers only run WeasyPrint/ReportLab and never touch the database):
Order 866 with a 1,000-entry bank is ~4.2 s of processor time (HTML 0.4 s, Appendix 2's 40 × 15 table 0.85 s,
the bank by ReportLab 0.7 s, …): on two free cores it prints cold in 2.2–2.8 s instead of 4.1–4.3 s one part
after another. Without a pool (no fork server, a worker killed) the parts are laid out one after another here —
the same bytes either way. One WeasyPrint document for all parts was measured too: it saves only the fixed cost
per document (~0.1 s with HarfBuzz subsetting, ~0.7 s with fontTools'), not the layout, and would lose the
per-part cache.

The PDF of a signed order is stored at signing (``Order.frozen_pdf``) and served byte for byte
afterwards; the output is deterministic anyway (WeasyPrint: no dates in the metadata, a document
identifier derived from the HTML; ReportLab: invariant mode), so the same HTML always gives the same bytes.
"""

import contextlib
import hashlib
import io
import logging
import sys
import threading
import time
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


def lay_out(html: str) -> bytes:
    """One part's PDF from its HTML alone — no database, so it may run in a pool worker: a long plain table
    appendix (``longtable``) is set by ReportLab, everything else by WeasyPrint."""
    table = longtable.table_part(html) if longtable.may_be_long_table(html) else None
    if table:
        try:
            return longtable.to_pdf(table)
        except Exception:  # e.g. a row taller than a page, which WeasyPrint splits and ReportLab cannot
            logger.warning("Long table part laid out by WeasyPrint instead", exc_info=True)
    return html_to_pdf(html)


def part_key(html: str) -> str:
    # The key names the typesetter's version for a part that may be a long table; the HTML is parsed only
    # when the part is not in the cache (reading 1,000 rows back costs a few tenths of a second).
    engine = f"{longtable.VERSION}\n" if longtable.may_be_long_table(html) else ""
    return hashlib.sha256((engine + html).encode("utf-8")).hexdigest()


# Processor time spent by pool workers on this process's packs (the bench adds it to its own).
pool_cpu_seconds = 0.0


def warm_up():
    """Load WeasyPrint and ReportLab and read the print fonts once (the pool's fork server does it at start)."""
    from reportlab import platypus  # noqa: F401

    longtable._register_fonts()
    html_to_pdf(render_to_string("print/base.html", {"title": "—"}))


def start_fork_server():
    """The multiprocessing context of the print pool, its fork server started (once per process; it prepares
    itself in the background, so a pack starts it before building its HTML)."""
    import multiprocessing
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["orders.typesetter"])
    forkserver.ensure_running()
    return context


def _start_worker():
    import django
    from django.apps import apps

    if not apps.ready:  # the fork server's preload (orders.typesetter) could not set Django up
        django.setup()


_hiding_main = threading.Lock()


@contextlib.contextmanager
def _main_script_hidden():
    """While the workers start: multiprocessing would run this process's main script again in each of them
    (as ``__mp_main__``), and a script without ``if __name__ == "__main__":`` — a profiling one-off — would run
    there in full, database and all. A worker needs nothing from it. (One thread at a time: gunicorn's.)"""
    with _hiding_main:
        main = sys.modules["__main__"]
        saved = {name: main.__dict__[name] for name in ("__spec__", "__file__") if name in main.__dict__}
        main.__spec__ = None
        main.__dict__.pop("__file__", None)
        try:
            yield
        finally:
            main.__dict__.update(saved)


def _lay_out_timed(html: str) -> tuple[bytes, float]:
    started = time.process_time()
    pdf = lay_out(html)
    return pdf, time.process_time() - started


def lay_out_in_pool(htmls: dict[str, str], workers: int) -> dict[str, bytes] | None:
    """``{key: html}`` laid out by ``workers`` processes at once; None when the pool fails (the caller then lays
    the parts out itself, and meets any genuine error of a part there).

    The workers are forked from multiprocessing's fork server — a clean single-threaded process that imported
    ``orders.typesetter`` (Django set up, WeasyPrint and the fonts loaded) — never from this process, whose
    other threads (gunicorn's) may hold a Pango or fontconfig lock at the moment of a fork. A worker gets
    the HTML built here and returns the PDF; it never touches the database. The longest HTML goes first, so
    the 1,000-row bank and the wide tables do not end up last on one worker. Same HTML, same bytes: the
    result is the serial one (tests/orders/test_printing_pool.py)."""
    global pool_cpu_seconds
    from concurrent.futures import ProcessPoolExecutor

    longest_first = sorted(htmls, key=lambda key: -len(htmls[key]))
    try:
        context = start_fork_server()
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker) as pool:
            with _main_script_hidden():  # the workers start in the first submits
                futures = {key: pool.submit(_lay_out_timed, htmls[key]) for key in longest_first}
            results = {key: futures[key].result() for key in htmls}
    except Exception:  # no fork server on this platform, no processes left, a worker killed, a part failed
        logger.warning("Print part pool failed: the parts are laid out one after another", exc_info=True)
        return None
    pool_cpu_seconds += sum(cpu for _, cpu in results.values())
    return {key: pdf for key, (pdf, _) in results.items()}


def parts_pdfs(htmls: list[str]) -> list[bytes]:
    """The PDF of each part: from ``PrintedPart`` (one query) or laid out — when more than one part is
    missing, in parallel by ``settings.ORDERS_PRINT_WORKERS`` processes (1 — one after another here)."""
    from django.conf import settings

    from .models import PrintedPart

    keys = [part_key(html) for html in htmls]
    stored = {key: bytes(pdf) for key, pdf in PrintedPart.objects.filter(key__in=set(keys)).values_list("key", "pdf")}
    missing = {key: html for key, html in zip(keys, htmls, strict=True) if key not in stored}
    workers = min(settings.ORDERS_PRINT_WORKERS, len(missing))
    laid_out = lay_out_in_pool(missing, workers) if workers > 1 else None
    if laid_out is None:
        laid_out = {key: lay_out(html) for key, html in missing.items()}
    if laid_out:
        with transaction.atomic():
            PrintedPart.objects.filter(created_at__lt=timezone.now() - timedelta(days=PART_KEEP_DAYS)).delete()
            for key, pdf in laid_out.items():
                PrintedPart.objects.get_or_create(key=key, defaults={"pdf": pdf})
    return [stored[key] if key in stored else laid_out[key] for key in keys]


def part_pdf(html: str) -> bytes:
    """The PDF of one part: laid out once per distinct HTML, then read from ``PrintedPart``."""
    return parts_pdfs([html])[0]


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
    from django.conf import settings

    if settings.ORDERS_PRINT_WORKERS > 1:
        try:  # the first pack of a process: the fork server gets ready while the HTML is built
            start_fork_server()
        except Exception:
            logger.warning("Print fork server not started", exc_info=True)
    return merge_pdfs(parts_pdfs(part_htmls(order)))


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
