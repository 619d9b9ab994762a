"""Benchmark harness for ``manage.py bench``: figures are printed, never asserted in tests.

Each case of ``bench.cases`` (``bench/cases/<app>.py``) has ``run(bench: Bench)`` and uses
``bench.page(...)`` for pages, ``bench.timed(...)`` for anything else, and
``bench.table(...)`` to print side-by-side comparisons.
"""

import statistics
import time
from dataclasses import dataclass, field

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from salsk_mentoring import worker


@dataclass
class Bench:
    stdout: object
    quick: bool = False
    rows: list = field(default_factory=list)
    start_rss: float = 0.0  # MB resident when the command started (Django set up, no data): as a fresh worker

    def write(self, text=""):
        self.stdout.write(text)

    def section(self, title):
        self.write("")
        self.write(f"== {title} ==")

    def collect_statistics(self):
        """Bring the database to the state a working one is kept in, after loading data or a burst of writes
        (the import comparisons insert and roll back 50,000 teachers)."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Fresh tables have no statistics until autovacuum gets to them: the planner then takes
                # 6,000 rows for 26 and nests loops (the comparison page: 1.35 s instead of 65 ms). VACUUM
                # also sets the visibility map, without which an index-only scan reads the table anyway
                # (the dashboard's counts: 100 → 68 ms), and removes the rows of rolled-back transactions
                # (the public bank after the import comparisons: 85 → 57 ms) — as autovacuum does.
                cursor.execute("VACUUM ANALYZE")
            else:
                # SQLite plans without statistics too: with them the matching page's count walks the
                # experience index instead of every teacher (160 → 77 ms CPU). A database kept with
                # «PRAGMA optimize» (SQLite's advice for long-lived databases) has them.
                cursor.execute("ANALYZE")

    def client_for(self, username):
        from schools.models import User

        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        return client

    def page(self, label, username, url, *, n=15, expect=200):
        """GET ``url`` ``n`` times as ``username``: p50/p95 ms and the query count."""
        client = self.client_for(username)
        times = []
        client.get(url)  # warm-up
        # Queries are counted on one request apart: recording them (the debug cursor formats every statement,
        # and on SQLite quotes its parameters with one more statement) cost the dashboard's 20 queries ≈35 ms,
        # which no production request pays. The timed requests run as in production.
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = len(ctx.captured_queries)
        for _ in range(3 if self.quick else n):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            # What gunicorn's post_request hook does once the response has been sent (salsk_mentoring/worker.py).
            worker.finish_request()
        status = response.status_code
        p50 = statistics.median(times)
        p95 = sorted(times)[max(0, int(round(0.95 * len(times))) - 1)]
        size = len(response.content) / 1024
        content_type = response.get("Content-Type", "")
        is_html = content_type.startswith("text/html") or content_type.startswith("application/json")
        self.rows.append((label, username or "аноним", url, status, p50, p95, queries, size, is_html))
        flag = "" if status == expect else f"  <-- ожидался {expect}"
        self.write(f"{label:<44} {username or 'аноним':<10} {status:>3} p50 {p50:8.1f} мс  p95 {p95:8.1f} мс  "
                   f"запросов {queries:>3}  {size:7.0f} КБ{flag}")
        return p50, p95, queries

    def timed(self, label, fn, *, repeat=1):
        """Run ``fn`` ``repeat`` times; print and return the best wall time in seconds and fn's last result."""
        best, result = None, None
        for _ in range(repeat):
            started = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
        self.write(f"{label:<60} {best:8.2f} с")
        return best, result

    def table(self, headers, rows):
        widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
        self.write("  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)))
        for row in rows:
            self.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
