"""``manage.py loadtest``: a bounded load test of a local gunicorn (127.0.0.1 only).

Starts gunicorn on a free loopback port against the configured database (run
``make setup`` first so the demo data and logins exist), signs in the demo
roles, then for ``--seconds`` sends GET requests from ``--concurrency`` threads
over a mix of pages per role. Prints requests per second, error count and
latency percentiles. It stops by itself; nothing leaves this machine.
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
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
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
            "--warmup", type=int, default=5,
            help="Секунды нагрузки до замера: процессы gunicorn при старте загружают вёрстку PDF и шаблоны.",
        )  # fmt: skip

    def handle(self, *args, seconds, concurrency, workers, warmup=5, **options):
        if seconds > 300 or concurrency > 64:
            raise CommandError("Не больше 300 секунд и 64 потоков.")
        from schools.models import User

        if not User.objects.filter(username="methodist").exists():
            raise CommandError("Нет демо-входов: сначала make setup (или manage.py demo_data).")
        cookies = {None: ""}
        for username in PAGES:
            if username:
                cookies[username] = session_cookie(username)
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
        results.sort()
        self.stdout.write(
            f"gunicorn: {workers} процесса, {concurrency} потоков нагрузки, {seconds} с (после разогрева {warmup} с), "
            f"страниц: {len(plan)}"
        )
        self.stdout.write(f"Запросов: {len(results)}, в секунду: {len(results) / wall:.1f}, ошибок: {len(errors)}")
        if results:
            p95 = results[int(len(results) * 0.95) - 1]
            p50 = statistics.median(results)
            self.stdout.write(f"Задержка: p50 {p50:.1f} мс, p95 {p95:.1f} мс, макс {results[-1]:.1f} мс")
        for line in sorted(set(errors))[:10]:
            self.stdout.write(f"  ошибка: {line}")
        if errors:
            for line in tail:
                self.stdout.write(f"  gunicorn: {line}")
            raise CommandError(f"Ошибок: {len(errors)}")

    def _wait(self, port):
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise CommandError("gunicorn не запустился")
