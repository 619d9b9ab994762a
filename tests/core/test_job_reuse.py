"""A burst of identical clicks makes one document: the same user asking for the same document (view, normalised
query, active organisation) while its job is queued or running gets that job's page (salsk_mentoring.jobs.start_job).
Never another user's job, never a failed one; a unique index keeps it so when two requests race."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from mentors.views import TeacherListView
from salsk_mentoring import jobs
from salsk_mentoring.jobs import job_fingerprint, start_job
from salsk_mentoring.models import Job
from schools.models import User
from tests.factories import TeacherFactory, UserFactory

#: The worker has not taken the job yet: it stays «В очереди», as under a burst on a server.
QUEUED_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queued(settings):
    settings.TASKS = QUEUED_ONLY


@pytest.fixture
def big_exports(monkeypatch):
    monkeypatch.setattr(TeacherListView, "sync_export_rows", {"pdf": 1, "xlsx": 1})


def new_jobs(world):
    return Job.objects.unscoped(reason="test").exclude(pk=world["job_a"].pk)


def test_two_identical_requests_share_one_job(world, client_for, queued, big_exports):
    TeacherFactory.create_batch(3, organisation=world["org_a"], subjects="химия")
    client = client_for("school_a")
    first = client.get("/teachers/?q=химия&_export=xlsx")
    second = client.get("/teachers/?_export=xlsx&q=химия")  # the same query, parameters in another order
    job = new_jobs(world).get()
    assert job.status == Job.Status.QUEUED and job.user == world["school_a"]
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == job.get_absolute_url()


def test_a_repeated_export_answers_without_counting_rows_again(world, client_for, queued, big_exports):
    TeacherFactory.create_batch(3, organisation=world["org_a"])
    client = client_for("school_a")
    client.get("/teachers/?_export=xlsx")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jobs, "start_job", lambda **kw: pytest.fail("a second job was started"))
        patch.setattr("django.db.models.query.QuerySet.count", lambda self: pytest.fail("rows counted again"))
        response = client.get("/teachers/?_export=xlsx")
    assert response.status_code == 302 and response["Location"] == new_jobs(world).get().get_absolute_url()


def test_different_parameters_make_different_jobs(world, client_for, queued, big_exports):
    TeacherFactory.create_batch(3, organisation=world["org_a"], subjects="химия")
    client = client_for("school_a")
    client.get("/teachers/?q=химия&_export=xlsx")
    client.get("/teachers/?q=хим&_export=xlsx")
    client.get("/teachers/?q=химия&_export=pdf")
    assert new_jobs(world).count() == 3


def test_another_organisation_chosen_is_another_job(world, queued):
    user = world["school_a"]
    TeacherFactory.create_batch(3, organisation=world["org_a"])
    function, arguments = "salsk_mentoring.views.export_list_job", {"path": "/teachers/", "query": ""}
    a = start_job(user=user, title="Выгрузка", function=function, organisation=world["org_a"].pk, **arguments)
    b = start_job(user=user, title="Выгрузка", function=function, organisation=world["org_b"].pk, **arguments)
    assert a.pk != b.pk


def test_another_user_gets_their_own_job(world, client_for, queued, big_exports):
    colleague = UserFactory(username="school_a2", role=User.Role.SCHOOL, organisations=[world["org_a"]])
    TeacherFactory.create_batch(3, organisation=world["org_a"])
    client = client_for("school_a")
    mine = client.get("/teachers/?_export=xlsx")["Location"]
    client.force_login(colleague)
    theirs = client.get("/teachers/?_export=xlsx")
    assert theirs.status_code == 302 and theirs["Location"] != mine
    assert set(new_jobs(world).values_list("user__username", flat=True)) == {"school_a", "school_a2"}
    assert client.get(mine).status_code == 404  # and the first one's page stays theirs alone


def test_a_failed_job_is_not_reused(world):
    first = start_job(user=world["school_a"], title="Сломанная задача", function="tests.core.test_job_reuse.broken")
    again = start_job(user=world["school_a"], title="Сломанная задача", function="tests.core.test_job_reuse.broken")
    assert first.status == again.status == Job.Status.FAILED and first.pk != again.pk


def test_a_finished_job_is_not_reused(world, queued):
    first = start_job(user=world["school_a"], title="Документ", function="tests.core.test_job_reuse.broken")
    Job.objects.unscoped(reason="test").filter(pk=first.pk).update(status=Job.Status.DONE)
    again = start_job(user=world["school_a"], title="Документ", function="tests.core.test_job_reuse.broken")
    assert again.pk != first.pk and again.status == Job.Status.QUEUED


def test_a_job_whose_worker_died_is_failed_not_reused(world, queued, settings):
    first = start_job(user=world["school_a"], title="Документ", function="tests.core.test_job_reuse.broken")
    long_ago = timezone.now() - timedelta(minutes=settings.JOB_TIMEOUT_MINUTES + 1)
    Job.objects.unscoped(reason="test").filter(pk=first.pk).update(created=long_ago)
    again = start_job(user=world["school_a"], title="Документ", function="tests.core.test_job_reuse.broken")
    first.refresh_from_db()
    assert again.pk != first.pk and again.status == Job.Status.QUEUED
    assert first.status == Job.Status.FAILED and "не завершилась" in first.message


def test_an_import_is_never_reused(world, queued):
    arguments = {"title": "Импорт", "function": "tests.core.test_job_reuse.broken", "reuse": False}
    assert start_job(user=world["school_a"], **arguments).pk != start_job(user=world["school_a"], **arguments).pk


def test_the_database_refuses_a_second_active_job_of_one_request(world, queued, monkeypatch):
    """The race: both requests looked, found nothing, and insert — the unique index lets one win, the other
    answers with the winner's job."""
    first = start_job(user=world["school_a"], title="Документ", function="tests.core.test_job_reuse.broken", n=1)
    monkeypatch.setattr(jobs, "active_job", lambda *args: None)  # the second request looked before the insert
    again = start_job(user=world["school_a"], title="Документ", function="tests.core.test_job_reuse.broken", n=1)
    assert again.pk == first.pk
    assert Job.objects.unscoped(reason="test").filter(fingerprint=first.fingerprint).count() == 1


def test_the_fingerprint_is_the_function_and_its_arguments():
    assert job_fingerprint("f", {"a": 1, "b": "x"}) == job_fingerprint("f", {"b": "x", "a": 1})
    assert job_fingerprint("f", {"a": 1}) != job_fingerprint("f", {"a": 2}) != job_fingerprint("g", {"a": 2})


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="simultaneous transactions: PostgreSQL")
def test_simultaneous_requests_make_one_job_on_postgresql(settings, monkeypatch):
    """Eight requests at once, none of which sees another's job before it inserts (the worst interleaving)."""
    settings.TASKS = QUEUED_ONLY
    monkeypatch.setattr(jobs, "active_job", lambda *args: None)
    user = UserFactory(username="burst", role=User.Role.METHODIST)
    barrier, made, errors = threading.Barrier(8), [], []

    def click():
        from django.db import connection as own

        try:
            barrier.wait()
            made.append(start_job(user=user, title="Документ", function="tests.core.test_job_reuse.broken").pk)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(made) == 8 and len(set(made)) == 1
    assert Job.objects.unscoped(reason="test").filter(user=user).count() == 1


def broken(*, job, n=0):
    raise ValueError("нет данных за выбранный год")
