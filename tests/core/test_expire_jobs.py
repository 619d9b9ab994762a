"""A job whose worker died: ``manage.py expire_jobs`` fails it, removes its import file and old results."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mentors.models import Teacher
from salsk_mentoring.jobs import expire_jobs
from salsk_mentoring.models import Job
from salsk_mentoring.uploads import stored_files
from tests.mentors.xlsx import TEACHER_HEADERS, teacher_row, upload, xlsx_bytes

LATER = timedelta(minutes=61)


@pytest.fixture
def dead_worker(settings):
    """Jobs are enqueued and never run: the worker was killed."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.JOB_TIMEOUT_MINUTES = 60
    settings.JOB_RESULT_DAYS = 7


def killed_import(client, org_a, monkeypatch):
    from salsk_mentoring.imports import views as import_views

    monkeypatch.setattr(import_views, "BACKGROUND_ROWS", 2)
    url = reverse("mentors:teacher_import")
    rows = [teacher_row(org_a, n) for n in range(3)]
    client.post(url, {"file": upload(xlsx_bytes(TEACHER_HEADERS, rows))})  # counted, then left to a job
    (path,) = stored_files(default_storage, "imports")
    return Job.objects.get(title__startswith="Импорт"), path


def test_a_killed_import_is_failed_and_its_file_removed(dead_worker, client_for, org_a, monkeypatch):
    client = client_for("methodist")
    job, path = killed_import(client, org_a, monkeypatch)
    assert job.status == Job.Status.QUEUED and default_storage.exists(path)

    # Within the timeout the job may still be running: nothing is touched.
    assert expire_jobs(now=timezone.now() + timedelta(minutes=30)).jobs == 0
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and default_storage.exists(path)

    done = expire_jobs(now=timezone.now() + LATER)
    job.refresh_from_db()
    assert (done.jobs, done.import_files) == (1, 1)
    assert job.status == Job.Status.FAILED and job.finished is not None
    assert not default_storage.exists(path)
    assert Teacher.objects.count() == 0
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Задача прервана" in page and "запустите её ещё раз" in page and 'role="alert"' in page
    assert 'http-equiv="refresh"' not in page  # the page stops waiting


def test_an_abandoned_preview_file_is_removed_and_a_late_commit_is_told(dead_worker, client_for, org_a):
    client = client_for("methodist")
    url = reverse("mentors:teacher_import")
    token = client.post(url, {"file": upload(xlsx_bytes(TEACHER_HEADERS, [teacher_row(org_a, 1)]))}).context["token"]
    assert default_storage.exists(f"imports/{token}.xlsx")
    assert expire_jobs(now=timezone.now() + LATER).import_files == 1
    response = client.post(url, {"token": token}, follow=True)
    assert "Предпросмотр устарел" in response.content.decode()
    assert Teacher.objects.count() == 0


def test_old_results_are_removed_recent_ones_kept(dead_worker, world, django_capture_on_commit_callbacks):
    user = world["school_a"]
    old = Job.objects.create(user=user, title="Старая выгрузка", status=Job.Status.DONE)
    old.result.save("old.pdf", ContentFile(b"%PDF old"), save=False)
    old.finished = timezone.now() - timedelta(days=8)
    old.save()
    fresh = Job.objects.create(user=user, title="Свежая выгрузка", status=Job.Status.DONE, finished=timezone.now())
    fresh.result.save("fresh.pdf", ContentFile(b"%PDF fresh"), save=True)
    orphan = default_storage.save("jobs/2020/01/orphan.pdf", ContentFile(b"%PDF orphan"))

    with django_capture_on_commit_callbacks(execute=True):
        done = expire_jobs(now=timezone.now() + LATER)
    assert done.results == 2
    assert not Job.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.result.name) and not default_storage.exists(orphan)
    assert default_storage.exists(fresh.result.name) and default_storage.exists(world["job_a"].result.name)


def test_the_command_prints_what_it_did(dead_worker, world, capsys):
    job = Job.objects.create(user=world["school_a"], title="Выгрузка", status=Job.Status.RUNNING)
    Job.objects.filter(pk=job.pk).update(created=timezone.now() - LATER)
    call_command("expire_jobs")
    out = capsys.readouterr().out
    assert "Прервано задач (дольше 60 мин.): 1;" in out
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_a_public_job_is_kept_as_long_as_a_visitors_session(dead_worker, world, settings,
                                                            django_capture_on_commit_callbacks):
    """A visitor's public job (no user) opens only in their session, which lasts SESSION_COOKIE_AGE: its document
    goes then, while a user's job of the same age stays in «Мои документы» for JOB_RESULT_DAYS."""
    settings.SESSION_COOKIE_AGE = 12 * 3600
    finished = timezone.now() - timedelta(hours=13)
    public = Job.objects.create(user=None, title="Банк наставников", status=Job.Status.DONE, finished=finished)
    public.result.save("bank.xlsx", ContentFile(b"xlsx"), save=True)
    users = Job.objects.create(user=world["school_a"], title="Банк", status=Job.Status.DONE, finished=finished)
    recent = Job.objects.create(user=None, title="Банк", status=Job.Status.DONE, finished=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        done = expire_jobs()
    assert done.results == 1 and not default_storage.exists(public.result.name)
    assert set(Job.objects.values_list("pk", flat=True)) == {users.pk, recent.pk, world["job_a"].pk}
