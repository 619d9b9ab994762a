"""Order 866 as a pack (order + seven appendices) and with a 1,000-row table appendix."""

import io
import time

from django.db import transaction

from orders import appendix_content, printing
from orders.models import Order, OrderAppendix
from salsk_mentoring.documents import longtable, parts, pool
from salsk_mentoring.documents.pdf import html_to_pdf
from salsk_mentoring.models import PrintedPart


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def cpu_seconds() -> tuple[float, float]:
    """Processor time of this process and of the print pool's workers on its behalf."""
    return time.process_time(), pool.pool_cpu_seconds


def measure(bench, label, order, *, serial_too=False):
    """Cold: every part laid out again (in parallel by ``PRINT_WORKERS`` processes); warm: parts whose
    HTML did not change come from the cache. ``serial_too``: the cold pack also one part after another in this
    process, the before/after of the pool in one run (the machine is shared: two runs do not compare)."""
    from django.conf import settings

    workers = settings.PRINT_WORKERS
    PrintedPart.objects.all().delete()
    own, pool = cpu_seconds()
    cold, pdf = bench.timed(f"{label} — все части заново", lambda: printing.build_pack_pdf(order, workers=workers))
    own_after, pool_after = cpu_seconds()
    cpu = own_after - own + pool_after - pool
    warm, _ = bench.timed(
        f"{label} — неизменные части из кэша", lambda: printing.build_pack_pdf(order, workers=workers), repeat=3
    )
    bench.write(
        f"  страниц: {page_count(pdf)}; без кэша: {cold:.2f} с по часам, процессорное время {cpu:.2f} с "
        f"(из них вёрстка в {workers} процессах {pool_after - pool:.2f} с)"
    )
    if serial_too and workers > 1:
        PrintedPart.objects.all().delete()
        settings.PRINT_WORKERS = 1
        try:
            started = time.process_time()
            _, serial = bench.timed(
                f"{label} — все части заново, по очереди", lambda: printing.build_pack_pdf(order, workers=1)
            )
            bench.write(
                f"  процессорное время {time.process_time() - started:.2f} с; "
                f"те же байты, что параллельно: {'да' if serial == pdf else 'НЕТ'}"
            )
        finally:
            settings.PRINT_WORKERS = workers


def start_print_pool(bench):
    """Start the print pool's fork server and wait until it has loaded WeasyPrint and the fonts — what the task
    worker does with its first pack job (no request ever pays it)."""
    from django.conf import settings

    if settings.PRINT_WORKERS < 2:
        return
    from django.template.loader import render_to_string

    html = render_to_string("print/base.html", {"title": "—"})
    bench.timed(
        "Запуск процесса вёрстки (один раз в исполнителе задач)",
        lambda: pool.lay_out_in_pool({"warm-up": html}, 1, parts.lay_out),
    )


def run(bench):
    order = Order.objects.filter(number="866", date__year=2021).first()
    bench.page("Приказы: список", "methodist", "/orders/")
    bench.page("Приказы: список", "school_a", "/orders/")
    if order is None:
        bench.write("Приказ № 866 не загружен: замеры печати пропущены.")
        return
    bench.page("Приказ № 866: карточка", "methodist", f"/orders/{order.pk}/")
    states = []
    for appendix in order.appendices.all():
        rendered = appendix_content.render_live(appendix)
        rows = len(rendered.rows or []) if not rendered.missing else "—"
        states.append((appendix.number, appendix.kind, rows, rendered.missing or "есть"))
    bench.table(["прил.", "вид", "строк", "данные"], states)
    start_print_pool(bench)
    measure(bench, "Приказ № 866 с приложениями: PDF", order)
    with transaction.atomic():
        bank_rows = top_up_mentor_bank(order, 1000)
        if bank_rows >= 1000:
            order = Order.objects.get(pk=order.pk)
            measure(bench, f"Приказ № 866, банк наставников {bank_rows} записей: PDF", order, serial_too=True)
            compare_bank_with_weasyprint(bench, order)
        else:
            # No mentor bank in this portal yet: a 1,000-row table stands in as Appendix 8.
            body = "№ | ФИО | Организация | Должность | Стаж | Компетенции\n" + "\n".join(
                f"{i} | Педагог {i:04d} Тестовый | МБОУ СОШ № {i % 40 + 1} | учитель | {i % 30} | "
                "наставничество «учитель — учитель», предметная методика"
                for i in range(1, 1001)
            )
            OrderAppendix.objects.create(
                order=order, number=8, kind="free_table", title="1000 строк", body=body, landscape=True
            )
            order = Order.objects.get(pk=order.pk)
            measure(bench, "Приказ № 866 + таблица 1 000 строк (банка наставников нет): PDF", order)
        transaction.set_rollback(True)


def compare_bank_with_weasyprint(bench, order):
    """The same Appendix 7 laid out by WeasyPrint, as it was before the long-table typesetter: the before/after
    of the long table in one run (the machine is shared, so figures of two runs do not compare)."""
    appendix = order.appendices.filter(kind="mentor_bank").first()
    if appendix is None:
        return
    html = printing.render_pack_html(order, include_order=False, only=appendix)
    if longtable.table_part(html) is None:
        return
    for label, lay_out in (
        ("прил. 7 — ReportLab (documents.longtable)", lambda: longtable.to_pdf(longtable.table_part(html))),
        ("прил. 7 — для сравнения WeasyPrint, как было", lambda: html_to_pdf(html)),
    ):
        started = time.process_time()
        _, pdf = bench.timed(f"  {label}", lay_out)
        bench.write(f"    страниц: {page_count(pdf)}; процессорное время {time.process_time() - started:.2f} с")


def top_up_mentor_bank(order, needed: int) -> int:
    """Fill the mentor bank of Appendix 7's year up to ``needed`` included entries (inside the caller's
    rolled-back transaction); the number of entries, or 0 when the portal has no mentor bank."""
    try:
        from mentors.models import MentorBankEntry, Teacher
    except ImportError:
        return 0
    from schools.models import AcademicYear

    appendix = order.appendices.filter(kind="mentor_bank").first()
    year_pk = (appendix.params or {}).get("year") if appendix else None
    year = AcademicYear.objects.filter(pk=year_pk).first() or AcademicYear.current()
    # The order's appendix lists its issuer's municipality only: top up that municipality's bank.
    municipality = order.issuer.municipality_id
    included = MentorBankEntry.objects.filter(
        year=year, status=MentorBankEntry.Status.INCLUDED, organisation__municipality_id=municipality
    )
    missing = needed - included.count()
    if missing > 0:
        teachers = (
            Teacher.objects.filter(organisation__municipality_id=municipality)
            .exclude(bank_entries__year=year)
            .only("pk", "organisation_id")[:missing]
        )
        MentorBankEntry.objects.bulk_create(
            MentorBankEntry(
                teacher=teacher,
                organisation_id=teacher.organisation_id,
                year=year,
                status=MentorBankEntry.Status.INCLUDED,
                competencies="адаптация молодого педагога, методика урока, классное руководство",
            )
            for teacher in teachers
        )
    return included.count()
