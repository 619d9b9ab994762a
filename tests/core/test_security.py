import re

import pytest
from django.test import override_settings


@override_settings(PORTAL_LOGIN_FREE_FAILURES=3)
def test_login_is_throttled_after_repeated_failures(world, client):
    """The whole behaviour (back-off, per-address limit, proxies): tests/schools/test_login_throttle.py."""
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": "school_a", "password": "неверный"})
    response = client.post("/accounts/login/", {"username": "school_a", "password": "salsk-demo"})
    assert response.status_code == 429
    assert "Вход временно приостановлен" in response.content.decode()


def test_correct_login_works_with_throttling_on(world, client):
    response = client.post("/accounts/login/", {"username": "school_a", "password": "salsk-demo"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_content_security_policy_and_headers(world, client_for):
    response = client_for("methodist").get("/dashboard/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.I)


@pytest.mark.parametrize("url", [
    "/", "/accounts/login/", "/dashboard/", "/organisations/", "/teachers/", "/teachers/add/",
    "/pilot/participants/",
])
def test_pages_need_no_inline_script_or_style(world, client_for, url):
    """The CSP forbids inline code; a page relying on it would break silently in the browser."""
    html = client_for("methodist").get(url).content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not INLINE_STYLE.search(html), html[INLINE_STYLE.search(html).start() - 80:][:200]


@override_settings(ROOT_URLCONF="tests.core.urls_boom", DEBUG=False)
def test_errors_are_russian_pages_without_stack_traces(world, client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Ошибка на сервере" in body and "секретная деталь" not in body and "Traceback" not in body
    response = client.get("/нет-такой-страницы/")
    assert response.status_code == 404 and "Страница не найдена" in response.content.decode()


def test_forbidden_is_a_russian_page(world, client_for):
    response = client_for("official").get("/teachers/add/")
    assert response.status_code == 403 and "Доступ запрещён" in response.content.decode()
