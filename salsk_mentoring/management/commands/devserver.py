"""``make run``: the development server and the background task worker, started and stopped together.

Development behaves like production: a big export or a cold order pack is a job that the worker
(``manage.py db_worker``, django-tasks' database backend) runs while the job page shows its progress; no request
renders it. Both processes get ``TASKS_BACKEND=database``. Ctrl+C (or SIGTERM) stops both; when one of them ends
by itself, the other is stopped too and its exit code is the command's.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def commands(addrport: str) -> list[list[str]]:
    """The two processes of ``make run``: the worker first, so that it is polling when the first page loads."""
    manage = str(settings.BASE_DIR / "manage.py")
    return [
        [sys.executable, manage, "db_worker", "--interval", "0.5", "--no-startup-delay"],
        [sys.executable, manage, "runserver_warm", addrport],  # runserver, the print engines loaded first
    ]


def environment() -> dict:
    return {**os.environ, "TASKS_BACKEND": "database"}


def run_together(argvs: list[list[str]], *, env: dict, stop_timeout: float = 10.0, out=None) -> int:
    """Start every command in a process group of its own; wait until one ends or a stop signal comes; then stop
    the others — SIGTERM to the whole group (runserver's and db_worker's reloaders run their code in a child),
    SIGKILL after ``stop_timeout``. Returns the exit code of the command that ended first (0 when stopped)."""
    out = out or sys.stdout
    stopping = []
    previous = {sig: signal.signal(sig, lambda signum, frame: stopping.append(signum)) for sig in STOP_SIGNALS}
    processes = []
    try:
        for argv in argvs:
            processes.append(subprocess.Popen(argv, env=env, start_new_session=True))
        code = 0
        while not stopping:
            ended = next((p for p in processes if p.poll() is not None), None)
            if ended is not None:
                code = ended.returncode
                out.write(f"Процесс «{' '.join(ended.args[2:])}» завершился (код {code}); останавливаю остальные.\n")
                break
            time.sleep(0.1)
    finally:
        for process in processes:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + stop_timeout
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            while _group_alive(process) and time.monotonic() < deadline:  # a reloader's child still stopping
                time.sleep(0.05)
            _signal_group(process, signal.SIGKILL)  # whatever is left of the group
            process.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return code


def _group_alive(process) -> bool:
    try:
        os.killpg(process.pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _signal_group(process, sig):
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


class Command(BaseCommand):
    help = "Сервер разработки и исполнитель фоновых задач вместе (make run); Ctrl+C останавливает оба."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        self.stdout.write("Исполнитель фоновых задач (db_worker) и сервер разработки запускаются вместе.")
        code = run_together(commands(addrport), env=environment(), out=self.stdout)
        if code:
            sys.exit(code)
