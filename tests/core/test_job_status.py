"""The job page follows its job live: /jobs/<id>/status/ answers its state as JSON for static/js/jobs.js, with the
page's own access rule (salsk_mentoring.jobs.jobs_for); without JavaScript the page still reloads itself."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from salsk_mentoring.jobs import SESSION_JOBS
from salsk_mentoring.models import Job

pytestmark = pytest.mark.django_db


def make_job(user, **fields):
    return Job.objects.create(user=user, title="Педагоги: выгрузка PDF", **fields)


def status(client, job):
    response = client.get(reverse("job_status", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]  # never an old state from a cache
    return response.json()


def test_a_queued_job(school_a, client_for):
    assert status(client_for("school_a"), make_job(school_a)) == {
        "state": "queued",
        "label": "В очереди",
        "progress": 0,
        "total": 0,
        "percent": 0,
        "message": "Задача начнётся, как только освободится исполнитель фоновых задач.",
        "finished": False,
        "finished_at": None,
        "download_url": None,
        "result_name": None,
    }


def test_a_running_job_tells_its_stage_and_progress(school_a, client_for):
    job = make_job(school_a, status=Job.Status.RUNNING)
    job.reporter("Выборка строк")(1572, 1572)
    answer = status(client_for("school_a"), job)
    assert answer["state"] == "running" and answer["label"] == "Выполняется" and not answer["finished"]
    assert (answer["progress"], answer["total"], answer["percent"]) == (1572, 1572, 100)
    assert answer["message"] == "Выборка строк: 1\u00a0572 из 1\u00a0572"
    job.set_progress(14, 56, "Вёрстка страниц: 14 из 56")
    answer = status(client_for("school_a"), job)
    assert (answer["progress"], answer["total"], answer["percent"]) == (14, 56, 25)
    assert answer["message"] == "Вёрстка страниц: 14 из 56" and answer["download_url"] is None


def test_a_done_job_gives_its_download(school_a, client_for):
    finished = timezone.make_aware(datetime.datetime(2026, 12, 4, 17, 2))
    job = make_job(school_a, status=Job.Status.DONE, result_name="Педагоги.pdf", finished=finished)
    job.result.save("teachers.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    answer = status(client_for("school_a"), job)
    assert answer["state"] == "done" and answer["label"] == "Готово" and answer["finished"]
    assert answer["percent"] == 100 and answer["message"] == "Документ сформирован."
    assert answer["download_url"] == reverse("job_download", args=[job.pk])
    assert answer["result_name"] == "Педагоги.pdf"
    assert answer["finished_at"] == timezone.localtime(finished).strftime("%d.%m.%Y %H:%M")


def test_a_failed_job_gives_its_russian_message(school_a, client_for):
    job = make_job(school_a, status=Job.Status.FAILED, message="Не удалось выполнить: нет данных за выбранный год",
                   finished=timezone.now())
    answer = status(client_for("school_a"), job)
    assert answer["state"] == "failed" and answer["label"] == "Ошибка" and answer["finished"]
    assert answer["message"] == "Не удалось выполнить: нет данных за выбранный год"
    assert answer["download_url"] is None


def test_another_users_job_is_not_found(school_a, client_for):
    url = reverse("job_status", args=[make_job(school_a).pk])
    assert client_for("school_b").get(url).status_code == 404
    assert client_for("methodist").get(url).status_code == 404  # a job is its owner's, whatever the role
    assert Client().get(url).status_code == 404  # not the sign-in page either: the same as the job's page


def test_a_public_job_answers_only_the_session_that_asked_for_it(db):
    job = make_job(None)
    visitor = Client()
    session = visitor.session
    session[SESSION_JOBS] = [str(job.pk)]
    session.save()
    assert status(visitor, job)["state"] == "queued"
    assert Client().get(reverse("job_status", args=[job.pk])).status_code == 404


def test_the_status_costs_the_same_few_queries_in_every_state(school_a, client_for, django_assert_num_queries):
    client = client_for("school_a")
    client.get("/")  # the session exists
    queued = make_job(school_a)
    done = make_job(school_a, status=Job.Status.DONE, result_name="Педагоги.pdf", finished=timezone.now())
    for job in (queued, done):
        with django_assert_num_queries(3):  # the session, the user, the job
            status(client, job)


def test_the_page_loads_its_script_and_reloads_itself_only_without_one(school_a, client_for):
    client = client_for("school_a")
    job = make_job(school_a, status=Job.Status.RUNNING, message="Вёрстка страниц: 14 из 56", progress=14, total=56)
    page = client.get(job.get_absolute_url()).content.decode()
    assert '<script src="/static/js/jobs.js"></script>' in page
    assert f'data-status-url="{reverse("job_status", args=[job.pk])}"' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert page.count('http-equiv="refresh"') == 1  # only inside <noscript>: a browser with scripts never reloads
    assert 'role="progressbar"' in page and 'aria-valuenow="25"' in page and 'aria-valuemax="100"' in page
    assert 'aria-valuetext="25 %, Вёрстка страниц: 14 из 56"' in page
    assert "Вёрстка страниц: 14 из 56" in page and 'aria-live="polite"' in page

    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, result_name="Педагоги.pdf", finished=timezone.now())
    page = client.get(job.get_absolute_url()).content.decode()
    assert "jobs.js" not in page and "refresh" not in page  # a finished job's page stays as it is
    assert "Документ сформирован." in page and "Скачать <span" in page
