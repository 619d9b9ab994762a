"""The scoping guard (salsk_mentoring/scoping_guard.py, on for the whole suite in the test settings) fails a
request that reads a scoped model without for_user, and lets the declared ways through."""

import os

import pytest

from mentors.models import Teacher
from salsk_mentoring import settings_test
from salsk_mentoring.scoping_guard import UnscopedQuery

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_unscoped")]


@pytest.fixture(autouse=True)
def guard_on(settings):
    """On in the test settings; a debugging run with SCOPING_GUARD=0 still checks the guard here."""
    if settings.MIDDLEWARE[0] != settings.SCOPING_GUARD_MIDDLEWARE:
        settings.MIDDLEWARE = [settings.SCOPING_GUARD_MIDDLEWARE, *settings.MIDDLEWARE]


@pytest.mark.skipif(os.environ.get("SCOPING_GUARD") == "0", reason="switched off for a debugging run")
def test_the_guard_is_on_for_the_whole_suite_first_in_the_middleware():
    # The test settings as loaded, not this module's fixture: every request of every test runs inside the guard.
    assert settings_test.SCOPING_GUARD is True
    assert settings_test.MIDDLEWARE[0] == "salsk_mentoring.scoping_guard.ScopingGuardMiddleware"


@pytest.mark.parametrize("url", ["/guard/unscoped/", "/guard/count/"])
def test_an_unscoped_read_in_a_request_fails(world, client_for, scoping_guard, url):
    with pytest.raises(UnscopedQuery, match="mentors.Teacher"):
        client_for("school_a").get(url)
    assert scoping_guard.violations()  # recorded as well
    scoping_guard.clear()  # this test wanted it


def test_a_view_that_swallows_the_error_is_still_caught(world, client_for, scoping_guard):
    response = client_for("school_a").get("/guard/swallowed/")
    assert response.status_code == 200
    assert any("GET /guard/swallowed/" in v for v in scoping_guard.violations())
    scoping_guard.clear()


def test_for_user_public_unscoped_related_and_reference_reads_pass(world, client_for, scoping_guard):
    data = client_for("school_a").get("/guard/scoped/").json()
    assert data["own"] == Teacher.objects.filter(organisation=world["org_a"]).count()
    assert data["declared"] == Teacher.objects.count() > data["own"]
    assert data["related"] == data["own"]
    assert not scoping_guard.violations()


def test_outside_a_request_nothing_is_checked(world):
    assert Teacher.objects.count() >= 2  # commands, the worker, a test's own setup
