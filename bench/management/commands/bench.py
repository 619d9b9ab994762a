"""``manage.py bench``: region-scale figures in a separate, throw-away database.

Builds ``demo_data --scale region`` (≈2,000 organisations, ≈60,000 teachers) in a
test database (``test_<name>``; the working database is never touched), then runs
every case of ``bench.cases.CASES`` (``bench/cases/<app>.py``). Prints p50/p95 and query counts of pages, import,
export and PDF figures. ``--quick`` uses district scale and fewer repetitions.
"""

import time

from django.conf import settings
from django.core import mail
from django.core.management import BaseCommand, call_command
from django.db import connection

from bench.cases import CASES
from bench.cases.documents import current_rss_mb
from bench.harness import Bench
from salsk_mentoring import worker


class Command(BaseCommand):
    help = "Бенчмарк портала на данных масштаба региона в отдельной базе данных."

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="Масштаб района и меньше повторов.")
        parser.add_argument("--only", nargs="*", help="Только эти приложения (например mentors iom).")

    def handle(self, *args, quick=False, only=None, **options):
        # Not setup_test_environment(): it swaps in Django's instrumented template rendering (a signal and a copy
        # of the context for every template rendered, for the test client to keep), which no production request
        # runs. The bench measures the real path; it only needs the test client's host and mail kept in memory.
        settings.DEBUG = False
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        mail.outbox = []
        start_rss = current_rss_mb()  # a process with Django set up and nothing loaded, as a task worker starts
        old_name = connection.settings_dict["NAME"]
        started = time.perf_counter()
        test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            self.stdout.write(f"База бенчмарка: {test_db} ({connection.vendor})")
            call_command("load_real_data", verbosity=0)
            t0 = time.perf_counter()
            call_command("demo_data", scale="district" if quick else "region", verbosity=0)
            self.stdout.write(f"Демо-данные ({'район' if quick else 'регион'}): {time.perf_counter() - t0:.1f} с")
            bench = Bench(stdout=self.stdout, quick=quick, start_rss=start_rss)
            bench.collect_statistics()
            # As a gunicorn worker does after start (salsk_mentoring/worker.py): the print engines loaded, the
            # objects left by loading the region data frozen, so garbage collections do not walk them again.
            worker.start()
            for app, run in CASES.items():
                if only and app not in only:
                    continue
                bench.section(app)
                run(bench)
            # Targets (issue 8): p95 ≤ 100 ms for HTML pages (and autocomplete JSON); ≤ 3 s for downloads.
            pages = [r for r in bench.rows if r[8]]
            downloads = [r for r in bench.rows if not r[8]]
            slow = [r for r in pages if r[5] > 100]
            heavy = [r for r in downloads if r[5] > 3000]
            self.stdout.write("")
            self.stdout.write(f"Страниц HTML измерено: {len(pages)}; с p95 > 100 мс: {len(slow)}")
            for row in slow:
                self.stdout.write(f"  {row[0]} ({row[1]}): p95 {row[5]:.1f} мс")
            self.stdout.write(f"Скачиваний (PDF, XLSX) по адресу: {len(downloads)}; с p95 > 3 с: {len(heavy)}")
            for row in heavy:
                self.stdout.write(f"  {row[0]} ({row[1]}): p95 {row[5] / 1000:.2f} с")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        self.stdout.write(f"Всего: {time.perf_counter() - started:.0f} с")
