"""A document made of separately laid-out parts (an order and each of its appendices), put together by pypdf.

Each part is laid out on its own (page numbers from the second page of each part, as appendices of an order are
numbered on their own). A long plain table is set by ReportLab from the same HTML (:mod:`.longtable`), anything
else by WeasyPrint (:mod:`.pdf`).

A part's PDF is kept (:class:`salsk_mentoring.models.PrintedPart`, shared by every app server) under the hash of
its HTML: a part whose data did not change is not laid out again, and a changed one gets a new hash, so the
document is always current. A background job lays the parts missing from the cache out at once in
``settings.PRINT_WORKERS`` processes (:mod:`.pool`; the HTML is built by the caller first, the workers never
touch the database); a request never starts the pool — it serves cached parts at once and leaves a cold build to
a job. Without a pool the parts are laid out one after another — the same bytes either way.
"""

import hashlib
import io
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import longtable, pdf, pool

logger = logging.getLogger(__name__)

PART_KEEP_DAYS = 30


def lay_out(html: str) -> bytes:
    """One part's PDF from its HTML alone — no database, so it may run in a pool worker: a long plain table
    (:mod:`.longtable`) is set by ReportLab, everything else by WeasyPrint."""
    table = longtable.table_part(html) if longtable.may_be_long_table(html) else None
    if table:
        try:
            return longtable.to_pdf(table)
        except Exception:  # e.g. a row taller than a page, which WeasyPrint splits and ReportLab cannot
            logger.warning("Long table part laid out by WeasyPrint instead", exc_info=True)
    return pdf.html_to_pdf(html)


def part_key(html: str) -> str:
    # The key names the typesetter's version for a part that may be a long table; the HTML is parsed only
    # when the part is not in the cache (reading 1,000 rows back costs a few tenths of a second).
    engine = f"{longtable.VERSION}\n" if longtable.may_be_long_table(html) else ""
    return hashlib.sha256((engine + html).encode("utf-8")).hexdigest()


def _stored(keys: list[str]) -> dict[str, bytes]:
    from salsk_mentoring.models import PrintedPart

    return {key: bytes(pdf) for key, pdf in PrintedPart.objects.filter(key__in=set(keys)).values_list("key", "pdf")}


def cached_parts(htmls: list[str]) -> list[bytes | None]:
    """The PDF of each part kept in the cache (one query), None for a part that has to be laid out."""
    keys = [part_key(html) for html in htmls]
    stored = _stored(keys)
    return [stored.get(key) for key in keys]


def parts_pdfs(htmls: list[str], *, workers: int = 1, progress=None) -> list[bytes]:
    """The PDF of each part: from the cache (one query) or laid out — when more than one part is missing and
    ``workers`` > 1 (a background job: ``settings.PRINT_WORKERS``), in parallel by that many processes.
    ``progress(done, total)`` counts the parts ready."""
    keys = [part_key(html) for html in htmls]
    stored = _stored(keys)
    missing = {key: html for key, html in zip(keys, htmls, strict=True) if key not in stored}
    ready = len(keys) - len(missing)

    def report(done):
        if progress is not None:
            progress(ready + done, len(keys))

    report(0)
    workers = min(workers, len(missing))
    laid_out = pool.lay_out_in_pool(missing, workers, lay_out, report) if workers > 1 else None
    if laid_out is None:
        laid_out = {}
        for key, html in missing.items():
            laid_out[key] = lay_out(html)
            report(len(laid_out))
    _keep(laid_out)
    return [stored[key] if key in stored else laid_out[key] for key in keys]


def _keep(laid_out: dict[str, bytes]):
    from salsk_mentoring.models import PrintedPart

    if laid_out:
        with transaction.atomic():
            PrintedPart.objects.filter(created_at__lt=timezone.now() - timedelta(days=PART_KEEP_DAYS)).delete()
            for key, content in laid_out.items():
                PrintedPart.objects.get_or_create(key=key, defaults={"pdf": content})


def part_pdf(html: str) -> bytes:
    """The PDF of one part: laid out once per distinct HTML, then read from the cache."""
    return parts_pdfs([html])[0]


def document_pdf(html: str, progress=None) -> bytes:
    """A document a request lays out whole by WeasyPrint (a report, a print form, ``document_response``), kept
    in the same cache under the hash of its HTML: asked for again — fifty people at once after a reminder — it
    is laid out once per request running at that moment, the others read it (the same bytes: the PDF's
    identifier is the HTML's hash). Always WeasyPrint, as before the cache: the key says so. ``progress`` as
    :func:`.pdf.html_to_pdf`'s (a job's page), told nothing when the document is in the cache."""
    key = hashlib.sha256(("weasyprint\n" + html).encode("utf-8")).hexdigest()
    stored = _stored([key])
    if key in stored:
        return stored[key]
    content = pdf.html_to_pdf(html, progress=progress)
    _keep({key: content})
    return content


def merge_pdfs(parts: list[bytes]) -> bytes:
    """One PDF of the parts, in order (pypdf adds no dates or random identifiers: same parts, same bytes)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()

