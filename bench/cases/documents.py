"""Every list export and every report, in every format, at region scale (issue 16).

For each download: how long the request takes to answer (the file, or the job page of a big export — the job is
not run inside the request here: the queue is a dummy one), p95 of several requests. For each list export big
enough to go to the background: the job's work measured in a forked process — its wall time and its peak RSS —,
the XLSX against openpyxl's write_only of the same rows, the PDF in seconds per 1,000 rows. Targets and verdicts:

* every download answers ≤ 1 s (a file or the job page);
* XLSX export ≤ 1.2 × openpyxl write_only of the same rows;
* list PDF ≤ 1 s per 1,000 rows;
* the region's teacher list (≈ 62,000 rows) as PDF ≤ 60 s in the background at ≤ 300 MB RSS.
"""

import io
import os
import resource
import time

from django.test import Client, override_settings
from django.urls import reverse

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
ANSWER_S, XLSX_RATIO, PDF_S_PER_1000, BIG_PDF_S, BIG_PDF_MB = 1.0, 1.2, 1.0, 60.0, 300.0


def verdict(ok: bool) -> str:
    return "да" if ok else "НЕТ"


def answer_times(client, url, n):
    """Seconds of each of ``n`` GETs of ``url`` (the file, or the job page with the dummy queue)."""
    times, status = [], None
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        times.append(time.perf_counter() - started)
        status = response.status_code
    return times, status, response


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def current_rss_mb() -> float:
    """The resident set of this process now, in MB (Linux; 0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


def in_child(fn):
    """Run ``fn`` in a forked process: (wall seconds, peak RSS MB of the child, what the work added to the
    child's RSS, fn's small result). A forked child starts with the pages of the bench process resident (the
    region's data loaded, every case run before): its peak RSS counts them, the growth is the job's own."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the work of the background job, nothing else
        code = 0
        try:
            from django.db import connections

            kept = []
            for conn in connections.all():
                if conn.vendor == "postgresql" and conn.connection is not None:
                    kept.append(conn.connection)  # the parent's socket: not closed here, a new one is opened
                    conn.connection = None
            at_fork = current_rss_mb()
            started = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - started
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            os.write(write, f"{elapsed}|{rss}|{rss - at_fork}|{result}".encode())
        except BaseException as exc:  # noqa: BLE001 — reported to the parent
            os.write(write, f"-1|0|0|{type(exc).__name__}: {exc}".encode()[:500])
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    data = b""
    while chunk := os.read(read, 4096):
        data += chunk
    os.close(read)
    os.waitpid(pid, 0)
    elapsed, rss, growth, result = data.decode().split("|", 3)
    return float(elapsed), float(rss), float(growth), result


def build_in_view(view_class, url_name, user, fmt):
    """What the export job does: the view's build_export of the whole list for ``user``."""
    from django.test import RequestFactory

    request = RequestFactory().get(reverse(url_name), {"_export": fmt})
    request.user = user
    request.active_organisation = None
    view = view_class()
    view.setup(request)
    view.filterset = view.get_filterset(view.get_filterset_class())
    return view


def run(bench):
    from openpyxl import Workbook

    from salsk_mentoring import views
    from salsk_mentoring.documents.xlsx import cell_value, listing_xlsx
    from salsk_mentoring.reports import reports_for
    from schools.models import User

    n = 2 if bench.quick else 5
    methodist = User.objects.get(username="methodist")
    client = bench.client_for("methodist")
    rows_out = []
    bench.write("Каждая выгрузка списка: ответ на запрос (файл или страница задания), p95 из "
                f"{n}; цель ≤ {ANSWER_S:.0f} с")
    with override_settings(TASKS=DUMMY_TASKS):
        for url_name, view_class in views.exportable_lists():
            for fmt in view_class.export_formats:
                url = f"{reverse(url_name)}?_export={fmt}"
                times, status, response = answer_times(client, url, n)
                kind = "задание" if status == 302 else "файл"
                rows_out.append((url, fmt.upper(), kind, status, p95(times), "methodist"))
        for report in reports_for(methodist):
            values = {f.name: f.choices[0][0] for f in report.filters if f.required and f.choices}
            if any(f.required and not f.choices for f in report.filters):
                continue
            for fmt in report.formats:
                url = report.url(values, fmt)
                times, status, _ = answer_times(client, url, n)
                kind = "задание" if status == 302 else ("страница" if fmt.label == "Открыть" else "файл")
                rows_out.append((f"{report.title} [{url}]", fmt.label, kind, status, p95(times), "methodist"))
        # A visitor without an account: the public bank (a public job above 1 000 cards) and the public plan.
        visitor = Client()
        for label, fmt, url in (
            ("Публичный банк наставников без входа", "XLSX", f"{reverse('mentors:public_bank')}?_export=xlsx"),
            ("План мероприятий без входа", "PDF", reverse("events:plan_pdf")),
            ("План мероприятий без входа", "DOCX", f"{reverse('events:plan_pdf')}?format=docx"),
            ("План мероприятий без входа", "XLSX", reverse("events:plan_xlsx")),
        ):
            times, status, _ = answer_times(visitor, url, n)
            rows_out.append((f"{label} [{url}]", fmt, "задание" if status == 302 else "файл", status, p95(times), None))
    for label, fmt, kind, status, seconds, role in rows_out:
        ok = status in (200, 302) and seconds <= ANSWER_S
        ms = seconds * 1000
        bench.rows.append((f"{label} {fmt}", role or "без входа", label, status, ms, ms, 0, 0, False))
        bench.write(f"  {label[:88]:<88} {fmt:<7} {kind:<8} {status} p95 {seconds:6.2f} с  ≤ 1 с: {verdict(ok)}")
    answered = [r for r in rows_out if r[3] in (200, 302)]
    bench.write(f"Скачиваний: {len(rows_out)}; ответили ≤ 1 с: {sum(r[4] <= ANSWER_S for r in answered)}")

    bench.write("")
    bench.write("Фоновая работа выгрузок (в отдельном процессе): время, пиковый RSS; XLSX против openpyxl "
                "write_only тех же строк; PDF — секунд на 1 000 строк")
    for url_name, view_class in views.exportable_lists():
        view = build_in_view(view_class, url_name, methodist, "xlsx")
        total = view.filterset.qs.count()
        if total < 200:
            continue
        listing = view.export_listing()

        def raw_openpyxl(rows=listing.rows, headers=listing.headers):
            """openpyxl write_only of the same typed values, nothing else (no title, widths, formats)."""
            wb = Workbook(write_only=True)
            ws = wb.create_sheet()
            ws.append(headers)
            for row in rows:
                ws.append([cell_value(v) for v in row])
            buffer = io.BytesIO()
            wb.save(buffer)
            return buffer.getvalue()

        ours = min(timed(lambda listing=listing: listing_xlsx(listing)) for _ in range(2))
        raw = min(timed(raw_openpyxl) for _ in range(2))
        ratio = ours / raw if raw else 0
        xlsx_job, xlsx_rss, xlsx_growth, _ = in_child(lambda v=view: len(v.build_export("xlsx")[0]))
        # The ratios are judged on lists of 1,000 rows or more: below, both take a few hundredths of a second.
        judged = total >= 1000
        bench.write(f"  {url_name:<36} строк {total:>6}  XLSX {ours:6.2f} с (openpyxl {raw:6.2f} с, ×{ratio:.2f}"
                    + (f" ≤ {XLSX_RATIO}: {verdict(ratio <= XLSX_RATIO)}" if judged else "")
                    + f"); задание XLSX {xlsx_job:6.1f} с, RSS {xlsx_rss:5.0f} МБ (задание +{xlsx_growth:.0f})")
        pdf_view = build_in_view(view_class, url_name, methodist, "pdf")
        pdf_job, pdf_rss, pdf_growth, pages = in_child(
            lambda v=pdf_view: len(__import__("pypdf").PdfReader(io.BytesIO(v.build_export("pdf")[0])).pages)
        )
        per_1000 = pdf_job / max(total, 1) * 1000
        line = (f"  {'':<36} PDF задание {pdf_job:6.1f} с, страниц {pages}, {per_1000:.2f} с на 1 000 строк"
                + (f" (≤ {PDF_S_PER_1000:.0f}: {verdict(per_1000 <= PDF_S_PER_1000)})" if judged else "")
                + f", RSS {pdf_rss:5.0f} МБ (задание +{pdf_growth:.0f})")
        if url_name == "mentors:teacher_list":
            # The job runs in the task worker, which holds no region loaded by a bench: its peak is the worker's
            # RSS at start (this process's before the data, bench.start_rss) and what the job adds.
            worker = bench.start_rss + pdf_growth
            big = pdf_job <= BIG_PDF_S and worker <= BIG_PDF_MB
            line += (f"; в процессе задания ≈ {worker:.0f} МБ ({bench.start_rss:.0f} при старте + "
                     f"{pdf_growth:.0f}); педагоги региона ≤ 60 с и ≤ 300 МБ: {verdict(big)}")
        bench.write(line)


def timed(fn):
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started
