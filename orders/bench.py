"""Order 866 as a pack (order + seven appendices) and with a 1,000-row table appendix."""

import io
import time

from django.core.cache import cache
from django.db import transaction

from . import appendices as registry
from . import printing
from .models import Order, OrderAppendix


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def measure(bench, label, order):
    """Cold: every part laid out by WeasyPrint; warm: parts whose HTML did not change come from the cache."""
    cache.clear()
    started = time.process_time()
    cold, pdf = bench.timed(f"{label} — все части заново", lambda: printing.pack_pdf(order))
    cpu = time.process_time() - started
    warm, _ = bench.timed(f"{label} — неизменные части из кэша", lambda: printing.pack_pdf(order), repeat=3)
    bench.write(f"  страниц: {page_count(pdf)}; процессорное время без кэша {cpu:.2f} с")


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
        rendered = registry.render_live(appendix)
        rows = len(rendered.rows or []) if not rendered.missing else "—"
        states.append((appendix.number, appendix.kind, rows, rendered.missing or "есть"))
    bench.table(["прил.", "вид", "строк", "данные"], states)
    measure(bench, "Приказ № 866 с приложениями: PDF", order)
    bank = next((a for a in order.appendices.all() if a.kind == "mentor_bank"), None)
    bank_rows = len(registry.render_live(bank).rows or []) if bank else 0
    if bank_rows >= 1000:
        bench.write(f"  банк наставников (прил. 7): {bank_rows} строк — замер выше с ним.")
        return
    # The mentor bank is not there (or smaller): stand in a 1,000-row table as Appendix 8, then roll back.
    with transaction.atomic():
        body = "№ | ФИО | Организация | Должность | Стаж | Компетенции\n" + "\n".join(
            f"{i} | Педагог {i:04d} Тестовый | МБОУ СОШ № {i % 40 + 1} | учитель | {i % 30} | "
            "наставничество «учитель — учитель», предметная методика"
            for i in range(1, 1001)
        )
        OrderAppendix.objects.create(
            order=order, number=8, kind="free_table", title="1000 строк", body=body, landscape=True
        )
        order = Order.objects.get(pk=order.pk)
        measure(bench, "Приказ № 866 + таблица 1 000 строк (вместо банка наставников): PDF", order)
        bench.write(f"  банк наставников в данных: {bank_rows} строк")
        transaction.set_rollback(True)
