"""``make run`` starts the development server and the background worker together and stops both."""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from salsk_mentoring.management.commands import devserver

ROOT = Path(__file__).resolve().parents[2]

# A process that starts a child of its own (as runserver's and db_worker's reloaders do), writes both pids to a
# file and sleeps; it ignores nothing, so SIGTERM to its group ends both.
PARENT_WITH_CHILD = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
open(sys.argv[1], "w").write(f"{child.pid}")
time.sleep(60)
"""


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ended, not yet reaped by its parent) is not running.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def alive(pid: int, grace=2.0) -> bool:
    """Still running after ``grace`` seconds (a signalled process takes a moment to end on a busy machine)."""
    deadline = time.monotonic() + grace
    while running(pid):
        if time.monotonic() > deadline:
            return True
        time.sleep(0.05)
    return False


def wait_for(path: Path, timeout=10.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return int(path.read_text())
        time.sleep(0.05)
    raise AssertionError(f"{path} was not written")


def test_make_run_starts_the_server_and_the_worker_with_the_database_backend():
    makefile = (ROOT / "Makefile").read_text()
    run = re.search(r"^run:.*?(?=^\S)", makefile, re.M | re.S).group(0)
    assert "manage.py devserver $(HOST)" in run and "runserver" not in run
    argvs = devserver.commands("127.0.0.1:8123")
    assert [argv[2] for argv in argvs] == ["db_worker", "runserver_warm"]
    assert argvs[1][-1] == "127.0.0.1:8123"
    env = devserver.environment()
    assert env["TASKS_BACKEND"] == "database"
    # What those processes read from that environment: the database task backend (tests keep the immediate one).
    shown = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"],
        env={**env, "DJANGO_SETTINGS_MODULE": "salsk_mentoring.settings", "DJANGO_DEBUG": "1"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == "django_tasks_db.DatabaseBackend"


def test_when_one_process_ends_the_other_is_stopped_with_its_children(tmp_path):
    pids = tmp_path / "pids"
    argvs = [
        [sys.executable, "-c", PARENT_WITH_CHILD, str(pids)],
        [sys.executable, "-c", "import sys, time; time.sleep(1); sys.exit(3)"],
    ]
    code = devserver.run_together(argvs, env=dict(os.environ), stop_timeout=5, out=open(os.devnull, "w"))
    assert code == 3
    assert not alive(wait_for(pids))


def test_stopping_make_run_stops_both(tmp_path):
    pids = tmp_path / "pids"
    argvs = [
        [sys.executable, "-c", PARENT_WITH_CHILD, str(pids)],
        [sys.executable, "-c", "import time; time.sleep(60)"],
    ]

    def press_ctrl_c():
        wait_for(pids)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=press_ctrl_c, daemon=True).start()
    started = time.monotonic()
    code = devserver.run_together(argvs, env=dict(os.environ), stop_timeout=5, out=open(os.devnull, "w"))
    assert code == 0 and time.monotonic() - started < 30
    assert not alive(wait_for(pids))


def test_the_development_server_loads_the_print_engines_before_it_serves(monkeypatch):
    """The first small PDF laid out in a request (an IOM print form) paid WeasyPrint's start under make run."""
    from django.contrib.staticfiles.management.commands import runserver as staticfiles_runserver

    from salsk_mentoring.documents import pool
    from salsk_mentoring.management.commands import runserver_warm

    calls = []
    monkeypatch.setattr(pool, "warm_up", lambda: calls.append("warm_up"))
    monkeypatch.setattr(staticfiles_runserver.Command, "inner_run", lambda self, *a, **k: calls.append("serve"))
    runserver_warm.Command().inner_run(use_threading=True)
    assert calls == ["warm_up", "serve"]
