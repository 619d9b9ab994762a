import os
import subprocess
import sys

import pytest
from django.conf import settings

from salsk_mentoring.text import plural_ru

FORMS = "педагог,педагога,педагогов"


@pytest.mark.parametrize("n,word", [(0, "педагогов"), (1, "педагог"), (2, "педагога"), (4, "педагога"),
                                    (5, "педагогов"), (11, "педагогов"), (12, "педагогов"), (14, "педагогов"),
                                    (21, "педагог"), (22, "педагога"), (101, "педагог"), (111, "педагогов")])
def test_russian_plurals(n, word):
    assert plural_ru(n, FORMS) == word


def test_russian_locale_and_moscow_time():
    assert settings.LANGUAGE_CODE == "ru"
    assert settings.TIME_ZONE == "Europe/Moscow"


def test_dates_are_shown_as_in_documents():
    import datetime

    from django.utils import formats, translation

    with translation.override("ru"):
        assert formats.date_format(datetime.date(2021, 11, 15), "SHORT_DATE_FORMAT") == "15.11.2021"
        assert formats.localize(datetime.date(2021, 11, 15)) == "15.11.2021"


PROD_ENV = {
    "DJANGO_SECRET_KEY": "k3J9-xq2Lw7_pZ0vN4tR8yB1mC6sD5fG0hE3uI2oA7jK9lQ-w8Zr5",
    "DJANGO_ALLOWED_HOSTS": "portal.salsk-obr.ru",
    "DJANGO_DEBUG": "0",
}


def _manage(*args, env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env, DJANGO_SETTINGS_MODULE="salsk_mentoring.settings")
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_key_is_required_to_serve_without_debug():
    """Without DEBUG and a key the portal does not serve (wsgi/asgi refuse to start, check --deploy fails),
    while commands that only read models run (salsk_mentoring/checks.py)."""
    result = _manage("check", "--deploy", env={"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "salsk.E001" in result.stderr and "DJANGO_SECRET_KEY не задан" in result.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    for entry in ("wsgi", "asgi"):
        served = subprocess.run([sys.executable, "-c", f"import salsk_mentoring.{entry}"], cwd=settings.BASE_DIR,
                                env=env, capture_output=True, text=True, timeout=120)
        assert served.returncode != 0 and "DJANGO_SECRET_KEY не задан" in served.stderr, served.stderr
    result = _manage("makemigrations", "--check", "--dry-run", env={})
    assert result.returncode == 0 and "No changes detected" in result.stdout, result.stdout + result.stderr


def test_gunicorn_workers_freeze_startup_objects_and_leave_the_print_pool_to_the_task_worker(settings, monkeypatch):
    """salsk_mentoring/gunicorn.conf.py: loopback bind by default, no query strings in the access log; each
    worker loads the print engines (a small document in a request pays no WeasyPrint start) and freezes what the
    app made while starting (full collections then skip it). It starts no print pool: no request lays a document
    out in it (a cold pack is a background job)."""
    import gc
    import runpy
    from pathlib import Path

    from salsk_mentoring.documents import pool

    started = []
    monkeypatch.setattr(pool, "start_fork_server", lambda: started.append(True))
    warmed = []
    monkeypatch.setattr(pool, "warm_up", lambda: warmed.append(gc.get_freeze_count()))
    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "salsk_mentoring" / "gunicorn.conf.py"))
    assert config["bind"].startswith("127.0.0.1") and "%(q)s" not in config["access_log_format"]
    try:
        settings.PRINT_WORKERS = 2
        config["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0 and started == []
        assert warmed == [0]  # before the freeze: what WeasyPrint loads is frozen too
    finally:
        gc.unfreeze()


def test_gunicorn_workers_run_full_collections_after_the_response_once_half_due():
    """Reference cycles that requests leave (tables, prefetched instances) are collected by gunicorn's post_request
    hook, after the response is written, before CPython's own schedule would collect them inside a later request;
    right after a full collection the hook costs nothing."""
    import gc
    import runpy
    import weakref
    from pathlib import Path

    class Node:
        pass

    def cycle():
        parent, child = Node(), Node()
        parent.child, child.parent = child, parent
        return weakref.ref(parent)

    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "salsk_mentoring" / "gunicorn.conf.py"))
    enabled = gc.isenabled()
    gc.disable()  # the collector's own schedule must not run in between
    try:
        gc.collect()
        alive = cycle()
        config["post_request"](worker=None, req=None, environ={}, resp=None)
        assert alive() is not None  # a full collection has just run: not due

        for _ in range(gc.get_threshold()[2] // 2):
            gc.collect(1)  # each collection of the middle generation brings the full one closer
        alive = cycle()
        config["post_request"](worker=None, req=None, environ={}, resp=None)
        assert alive() is None and gc.get_count()[2] == 0
    finally:
        if enabled:
            gc.enable()
