"""``manage.py loadtest``: a bounded load test of a local gunicorn (127.0.0.1 only).

Starts gunicorn on a free loopback port against the configured database (run
``make setup`` first so the demo data and logins exist), signs in the demo
roles, then for ``--seconds`` sends GET requests from ``--concurrency`` threads
over a mix of pages per role. Prints requests per second, error count and
latency percentiles. Then the bursts (``--burst``, 50 by default; 0 skips them): for each of the heaviest
pages and downloads, that many requests sent at the same instant, each on its own connection; prints
per address the answers, errors and latencies — 0 errors is the target. It stops by itself; nothing leaves
this machine.
"""

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import BaseCommand, CommandError

PAGES = {
    None: ["/", "/bank/", "/plan/"],
    "methodist": ["/dashboard/", "/organisations/", "/teachers/", "/pilot/participants/"],
    "school_a": ["/dashboard/", "/teachers/", "/organisations/"],
    "official": ["/dashboard/", "/organisations/"],
}


def burst_targets():
    """The heaviest pages and downloads of the portal as (role, path), looked up in the loaded data."""
    from events.models import Evidence
    from iom.models import Iom
    from orders.models import Order
    from schools.models import User

    targets = [
        ("methodist", "/teachers/"),
        ("methodist", "/pairs/health/"),
        ("methodist", "/matching/"),
        ("methodist", "/monitoring/reports/district/"),
        ("official", "/dashboard/"),
        (None, "/bank/"),
        ("methodist", "/teachers/?_export=xlsx"),
        ("official", "/plan/report/"),
        (None, "/plan/appendix.pdf"),
    ]
    methodist, school = User.objects.get(username="methodist"), User.objects.get(username="school_a")
    order = Order.objects.for_user(methodist).filter(number="866").order_by("pk").first()
    if order:
        targets.append(("methodist", f"/orders/{order.pk}/pdf/"))
    iom = Iom.objects.for_user(school).order_by("pk").first()
    if iom:
        targets.append(("school_a", f"/iom/{iom.pk}/print/"))
    evidence = Evidence.objects.for_user(school).exclude(file="").order_by("pk").first()
    if evidence:
        targets.append(("school_a", f"/plan/evidence/{evidence.pk}/file/"))
    return [(user, path) for user, path in targets if _exists(path.split("?")[0])]


def send_burst(port, cookies, user, path, size):
    """``size`` requests to ``path`` released at the same instant; (status or error, milliseconds, bytes) each."""
    barrier = threading.Barrier(size)
    results, lock = [], threading.Lock()

    def one():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
        barrier.wait()
        started, size_read = time.perf_counter(), 0
        try:
            conn.request("GET", path, headers={"Cookie": cookies[user], "Host": "127.0.0.1"})
            response = conn.getresponse()
            size_read = len(response.read())
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            status = type(exc).__name__
        finally:
            conn.close()
        with lock:
            results.append((status, (time.perf_counter() - started) * 1000, size_read))

    threads = [threading.Thread(target=one) for _ in range(size)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def percentile(ordered, p):
    """The ``p``-th percentile of sorted latencies (nearest rank: the value below which p % of them fall)."""
    return ordered[max(0, -(-len(ordered) * p // 100) - 1)]


def _exists(path):
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(username):
    from schools.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend that signs people in (schools.accounts.backends.LoginBackend), not a hard-coded ModelBackend:
    # a session naming a backend not in AUTHENTICATION_BACKENDS is anonymous (every page answered 302).
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


class Command(BaseCommand):
    help = "Ограниченный нагрузочный тест локального gunicorn (только 127.0.0.1)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=15)
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument(
            "--burst", type=int, default=50,
            help="Одновременных запросов к каждой из самых тяжёлых страниц и скачиваний (0 — без всплесков).",
        )  # fmt: skip
        parser.add_argument(
            "--hostile", action="store_true",
            help="Враждебные файлы (10 млн пустых строк, объявленный A1:XFD1048576, 100 000 строк, zip-бомба) в "
                 "каждый импорт: каждый должен получить отказ не дольше 5 с; сервер отвечает тем временем.",
        )  # fmt: skip
        parser.add_argument(
            "--warmup", type=int, default=5,
            help="Секунды нагрузки до замера: процессы gunicorn при старте загружают вёрстку PDF и шаблоны.",
        )  # fmt: skip

    def handle(self, *args, seconds, concurrency, workers, warmup=5, burst=50, hostile=False, **options):
        if seconds > 300 or concurrency > 64 or burst > 200:
            raise CommandError("Не больше 300 секунд, 64 потоков и 200 запросов во всплеске.")
        from schools.models import User

        if not User.objects.filter(username="methodist").exists():
            raise CommandError("Нет демо-входов: сначала make setup (или manage.py demo_data).")
        cookies = {None: ""}
        bursts = burst_targets() if burst else []
        hostile_targets = import_targets() if hostile else []
        for username in {*PAGES, *(user for user, _ in bursts), *(user for user, _ in hostile_targets)}:
            if username:
                cookies[username] = session_cookie(username)
        # Stopped from outside (timeout, Ctrl-C in make): leave through ``finally`` so that gunicorn is stopped too.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit("Нагрузочный тест прерван."))
        port = free_port()
        env = {**os.environ, "DJANGO_HTTPS": "0", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
               "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": settings.SECRET_KEY}
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True,
                       cwd=settings.BASE_DIR)
        log = tempfile.TemporaryFile()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "salsk_mentoring/gunicorn.conf.py", "--bind",
             f"127.0.0.1:{port}", "--workers", str(workers), "--access-logfile", "/dev/null",
             "salsk_mentoring.wsgi"],
            env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=log,
        )
        try:
            self._wait(port)
            self._ready(port, workers)
            hostile_errors = self.run_hostile(port, cookies, hostile_targets) if hostile else 0
            errors, burst_errors = [], hostile_errors
            if seconds:  # 0: only the hostile files and the bursts
                errors = self.steady(port, cookies, concurrency, seconds, warmup, workers)
            burst_errors += self.run_bursts(port, cookies, bursts, burst)
        finally:
            server.send_signal(signal.SIGINT)  # quick shutdown
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.seek(0)
            tail = log.read().decode(errors="replace").strip().splitlines()[-5:]
            log.close()
        if errors or burst_errors:
            for line in tail:
                self.stdout.write(f"  gunicorn: {line}")
            raise CommandError(f"Ошибок: {len(errors) + burst_errors}")

    def steady(self, port, cookies, concurrency, seconds, warmup, workers):
        """The steady load: pages per role from ``concurrency`` threads; returns the errors."""
        plan = [(user, path) for user, paths in PAGES.items() for path in paths if _exists(path)]
        results, errors, lock = [], [], threading.Lock()
        # Requests of the warm-up are sent but not timed (their errors still count): right after start each
        # worker's print pool loads WeasyPrint and the fonts (≈2 s of CPU), and templates compile on first use.
        measured_from = time.monotonic() + warmup
        deadline = measured_from + seconds

        def worker(offset):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            i = offset
            while time.monotonic() < deadline:
                user, path = plan[i % len(plan)]
                i += 1
                begun, started = time.monotonic(), time.perf_counter()
                try:
                    conn.request("GET", path, headers={"Cookie": cookies[user], "Host": "127.0.0.1"})
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == 200
                except (OSError, http.client.HTTPException) as exc:
                    ok = False
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    response = exc
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    if begun >= measured_from:
                        results.append(elapsed)
                    if not ok:
                        errors.append(f"{user or 'аноним'} {path}: {getattr(response, 'status', response)}")

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - max(started, measured_from)
        self.report_steady(workers, concurrency, seconds, warmup, plan, results, errors, wall)
        return errors

    def report_steady(self, workers, concurrency, seconds, warmup, plan, results, errors, wall):
        results.sort()
        self.stdout.write(
            f"gunicorn: {workers} процесса, {concurrency} потоков нагрузки, {seconds} с (после разогрева {warmup} с), "
            f"страниц: {len(plan)}"
        )
        self.stdout.write(f"Запросов: {len(results)}, в секунду: {len(results) / wall:.1f}, ошибок: {len(errors)}")
        if results:
            p95 = percentile(results, 95)
            p50 = statistics.median(results)
            self.stdout.write(f"Задержка: p50 {p50:.1f} мс, p95 {p95:.1f} мс, макс {results[-1]:.1f} мс")
        for line in sorted(set(errors))[:10]:
            self.stdout.write(f"  ошибка: {line}")

    def run_hostile(self, port, cookies, targets) -> int:
        """Each hostile file posted to each import as its user; while the biggest is being refused, a page is
        asked for (the server stays responsive). Returns the number of failures (not refused, or slower than
        HOSTILE_SECONDS, or the page slower than HOSTILE_SECONDS)."""
        made = time.perf_counter()
        files = hostile_files()
        self.stdout.write(
            f"Враждебные файлы: {len(files)} шт. ({time.perf_counter() - made:.1f} с на создание), "
            f"импортов: {len(targets)}, предел ответа {HOSTILE_SECONDS} с"
        )
        failures = 0
        for user, path in targets:
            token = csrf_token()
            for label, content in files:
                page = {}

                def ask_page(page=page):
                    page["ms"] = send_burst(port, cookies, None, "/", 1)[0][1]

                probe = threading.Timer(0.05, ask_page)
                probe.start()
                status, ms, refused = post_file(port, cookies[user], token, path, content)
                probe.join()
                ok = status == 200 and refused and ms < HOSTILE_SECONDS * 1000 and page["ms"] < HOSTILE_SECONDS * 1000
                failures += not ok
                self.stdout.write(
                    f"  {user} {path}: {label} ({len(content) // 1024} КБ) — {status}, "
                    f"{'отказ' if refused else 'НЕ ОТКАЗАНО'} за {ms / 1000:.2f} с; главная тем временем "
                    f"{page['ms']:.0f} мс{'' if ok else '  <-- ошибка'}"
                )
                self.stdout.flush()
        self.stdout.write(f"Враждебные файлы: ошибок {failures}")
        return failures

    def run_bursts(self, port, cookies, bursts, size) -> int:
        """Each target's burst, its line printed as soon as it is done; returns the number of errors."""
        if not bursts:
            return 0
        self.stdout.write(
            f"Всплески: по {size} одновременных запросов к каждой из {len(bursts)} самых тяжёлых страниц и скачиваний"
        )
        failures, every = 0, []
        for user, path in bursts:
            rows = send_burst(port, cookies, user, path, size)
            failed = [status for status, _, _ in rows if not (isinstance(status, int) and status < 400)]
            failures += len(failed)
            times = sorted(ms for _, ms, _ in rows)
            every += times
            largest = max(size for _, _, size in rows) // 1024
            statuses = ", ".join(f"{k}×{v}" for k, v in sorted(Counter(str(s) for s, _, _ in rows).items()))
            self.stdout.write(
                f"  {user or 'аноним'} {path}: ответов {len(rows)} ({statuses}), ошибок {len(failed)}, "
                f"p50 {statistics.median(times):.0f} мс, p95 {percentile(times, 95):.0f} мс, "
                f"макс {times[-1]:.0f} мс, {largest} КБ"
            )
            self.stdout.flush()
        every.sort()
        self.stdout.write(
            f"Всплески: запросов {len(every)}, ошибок {failures}; задержка всех: "
            f"p50 {statistics.median(every):.0f} мс, p95 {percentile(every, 95):.0f} мс, макс {every[-1]:.0f} мс"
        )
        return failures

    def _ready(self, port, workers):
        """gunicorn's socket accepts before its workers are up, and each worker loads the print engine and fonts
        at start (salsk_mentoring/worker.py: seconds of CPU, many more on a loaded machine). Until then requests
        only queue: the steady load timed every one of them out and measured nothing. Wait until ``workers``
        requests at once are answered, and say how long it took."""
        started, deadline = time.perf_counter(), time.monotonic() + 300
        while not all(status == 200 for status, _, _ in send_burst(port, {None: ""}, None, "/", workers)):
            if time.monotonic() > deadline:
                raise CommandError("gunicorn не отвечает 300 с после запуска")
            time.sleep(1)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"gunicorn ответил всеми процессами через {elapsed:.1f} с после запуска")

    def _wait(self, port):
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise CommandError("gunicorn не запустился")


# --- hostile files (issue 19): every import, as its user, each file refused within HOSTILE_SECONDS ----------
HOSTILE_SECONDS = 5


def hostile_files():
    """(label, content) of the files the red team sent: generated here, nothing is stored."""
    from bench.hostile_files import blank_rows_xlsx, far_cell_xlsx, many_rows_xlsx, zip_bomb_xlsx
    from mentors.resources import TeacherImporter

    headers = [c.header for c in TeacherImporter.columns]
    row = ["Иванова", "Мария", "Петровна", "МБОУ СОШ № 1 г. Сальска", "учитель", "математика", "Первая", 12, 10,
           "t{n}@example.org", "8 (86372) 5-00-00", "да"]  # fmt: skip
    return [
        ("5 КБ, объявлен A1:XFD1048576, ячейка в последней строке", far_cell_xlsx(headers)),
        ("10 млн пустых строк", blank_rows_xlsx(headers)),
        ("100 000 строк педагогов", many_rows_xlsx(headers, row, rows=100_000)),
        ("zip-бомба: 300 МБ в распакованном виде", zip_bomb_xlsx(headers, megabytes=300)),
    ]


def import_targets():
    """(role, path) of every import page: a school user wherever a school may import, else the methodist."""
    from iom.models import Iom
    from schools.models import User

    school = User.objects.get(username="school_a")
    targets = [
        ("school_a", "/teachers/import/"),
        ("school_a", "/mentor-bank/import/"),
        ("school_a", "/mentees/import/"),
        ("school_a", "/pairs/import/"),
        ("methodist", "/monitoring/targets/import/"),
    ]
    ioms = Iom.objects.for_user(school).order_by("pk")
    iom = next((i for i in ioms if school.has_perm("iom.import_iomrow", i)), None)
    if iom is not None:
        targets.append(("school_a", f"/iom/{iom.pk}/import/"))
    return [(user, path) for user, path in targets if _exists(path)]


def csrf_token():
    """A CSRF secret of our own, sent as the cookie and as the form field (what a browser sends back)."""
    from django.utils.crypto import get_random_string

    return get_random_string(32)


def post_file(port, cookie, token, path, content, name="import.xlsx"):
    """POST ``content`` as the import form's file; (status, milliseconds, refused with a reason)."""
    boundary = "----salsk" + os.urandom(8).hex()
    body = b"".join([
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode(),
        content,
        f"\r\n--{boundary}--\r\n".encode(),
    ])  # fmt: skip
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        conn.request("POST", path, body=body, headers={
            "Cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}={token}", "Host": "127.0.0.1",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        })  # fmt: skip
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        status = response.status
        if status in (301, 302, 303):
            status = f"{status} → {response.getheader('Location')}"
    except (OSError, http.client.HTTPException) as exc:
        status, text = type(exc).__name__, ""
    finally:
        conn.close()
    return status, (time.perf_counter() - started) * 1000, "Файл не принят" in text
