"""Printed documents (WeasyPrint PDF, and their DOCX) answer at once: a small one is the file, a big one — counted
before anything is built — the page of a background job that replays the user's request in the worker
(salsk_mentoring.documents.responses.printed_response). The job belongs to its user: another school gets a 404."""

import io
import re

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from salsk_mentoring.documents.responses import printed_response
from salsk_mentoring.models import Job
from tests.pages import shown_text

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # jobs stay queued


def iom_print(w):
    return reverse("iom:iom_print", args=[w["iom_a"].pk]), w["iom_a"].specialist.short_name


def appendix_4(w):
    return reverse("iom:iomtemplate_print", args=[w["iom_template"].pk]), "Приложение 4"


def iom_campaign(w):
    return reverse("iom:iomcampaign_detail", args=[w["iom_campaign"].pk]) + "?_export=pdf", w["iom_campaign"].title


def district_report(w):
    return reverse("monitoring:report_district") + "?_export=pdf", "Результаты мониторинга"


def brief(w):
    return reverse("monitoring:campaign_brief", args=[w["campaign"].pk]), "Аналитическая справка"


def execution_report(w):
    return reverse("events:execution_report"), "Исполнение плана"


#: (document, who opens it, who must not see their job). A report of the staff is refused to schools anyway;
#: its job is still the methodist's alone.
DOCUMENTS = [
    (iom_print, "school_a", "school_b"),
    (appendix_4, "school_a", "school_b"),
    (iom_campaign, "school_a", "school_b"),
    (district_report, "methodist", "school_b"),
    (brief, "methodist", "school_b"),
    (execution_report, "methodist", "school_b"),
]
IDS = [d[0].__name__ for d in DOCUMENTS]
#: What each document is made of: what its rows are counted in (and then read from).
MADE_OF = {
    "iom_print": {"iom_iomrow"},
    "appendix_4": {"iom_iomtemplaterow"},
    "iom_campaign": {"iom_iomcampaign_organisations"},
    "district_report": {"monitoring_indicator", "monitoring_submission"},
    "brief": {"monitoring_submission"},
    "execution_report": {"events_planitem", "events_planitemresponsible"},
}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def printed(expected: str, content: bytes) -> bool:
    """``expected`` is in the PDF's text. Spaces aside: pypdf reads a kerned pair as two words («Р .Ф.» for the
    printed «Р.Ф.»), which made the check fail for some of the factories' random names."""
    text = "".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages)
    return "".join(expected.split()) in "".join(text.split())


@pytest.mark.parametrize(("document", "owner", "other"), DOCUMENTS, ids=IDS)
def test_a_big_document_is_a_job_whose_file_only_its_owner_downloads(world, client_for, document, owner, other):
    url, expected = document(world)
    with override_settings(PRINT_SYNC_ROWS=0):
        response = client_for(owner).get(url)
    job = Job.objects.exclude(pk=world["job_a"].pk).get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.user == world[owner] and job.status == Job.Status.DONE, job.message
    assert job.result_name.endswith(".pdf") and job.content_type == "application/pdf"
    page = shown_text(client_for(owner).get(job.get_absolute_url()).content.decode())
    assert "Готово" in page and f"Скачать {job.result_name}" in page
    download = client_for(owner).get(reverse("job_download", args=[job.pk]))
    content = body(download)
    assert download.status_code == 200 and content.startswith(b"%PDF")
    assert printed(expected, content)
    stranger = client_for(other)
    assert stranger.get(job.get_absolute_url()).status_code == 404
    assert stranger.get(reverse("job_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize(("document", "owner", "other"), DOCUMENTS, ids=IDS)
def test_a_small_document_is_the_file_at_once(world, client_for, document, owner, other):
    url, expected = document(world)
    jobs = Job.objects.count()
    with override_settings(PRINT_SYNC_ROWS=10_000):
        response = client_for(owner).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert printed(expected, response.content)
    assert Job.objects.count() == jobs


@pytest.mark.parametrize(
    "document", [iom_print, district_report, brief], ids=["iom_print", "district_report", "brief"]
)
def test_a_big_docx_is_a_job_too(world, client_for, document):
    url, _ = document(world)
    owner = "school_a" if document is iom_print else "methodist"
    with override_settings(PRINT_SYNC_ROWS=0):
        response = client_for(owner).get(url + ("&" if "?" in url else "?") + "format=docx")
    job = Job.objects.exclude(pk=world["job_a"].pk).get()
    assert response["Location"] == job.get_absolute_url() and job.status == Job.Status.DONE, job.message
    assert job.result_name.endswith(".docx") and "(DOCX)" in job.title
    from docx import Document

    content = body(client_for(owner).get(reverse("job_download", args=[job.pk])))
    assert Document(io.BytesIO(content)).paragraphs


@pytest.mark.parametrize(("document", "owner", "other"), DOCUMENTS, ids=IDS)
def test_a_repeated_click_goes_to_the_job_on_its_way_without_counting_again(world, client_for, document, owner, other):
    """A burst of clicks on one big document: the first counts its rows and starts the job, each next one finds
    that job (one read) and answers with its page — no row is counted again while it is queued or running."""
    url, _ = document(world)
    client = client_for(owner)
    with override_settings(PRINT_SYNC_ROWS=0, TASKS=DUMMY_TASKS):
        first = client.get(url)
        job = Job.objects.exclude(pk=world["job_a"].pk).get()
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url)
    assert job.status == Job.Status.QUEUED
    assert first["Location"] == again["Location"] == job.get_absolute_url()
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if "COUNT(" in q.upper()]
    read = {table for q in sql for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', q)}
    assert not read & MADE_OF[document.__name__], read  # only the user, the record the URL names, the job
    assert '"salsk_mentoring_job"' in sql[-1]
    assert Job.objects.exclude(pk=world["job_a"].pk).count() == 1


def test_the_rows_are_counted_only_when_the_same_document_is_not_on_its_way(world):
    counted = []

    def rows():
        counted.append(1)
        return 10

    def build():
        raise AssertionError("a big document is not built in the request")

    def click():
        request = RequestFactory().get("/plan/report/", {"plan": "1"})
        request.user, request.active_organisation = world["methodist"], None
        return printed_response(request, build, rows=rows, title="Проба")

    with override_settings(PRINT_SYNC_ROWS=5, TASKS=DUMMY_TASKS):
        first = click()
        assert counted == [1]  # no job yet: counted, and started
        second = click()
    job = Job.objects.get(title="Проба (PDF)")
    assert first["Location"] == second["Location"] == job.get_absolute_url()
    assert counted == [1]  # the job on its way: not counted again
    job.status = Job.Status.DONE
    job.save()
    with override_settings(PRINT_SYNC_ROWS=5, TASKS=DUMMY_TASKS):
        third = click()  # the job is done: the next click is a new document, counted again
    assert counted == [1, 1] and third["Location"] != job.get_absolute_url()


def test_another_schools_document_starts_no_job(world, client_for):
    with override_settings(PRINT_SYNC_ROWS=0):
        response = client_for("school_b").get(iom_print(world)[0])
    assert response.status_code == 404
    assert not Job.objects.exclude(pk=world["job_a"].pk).exists()


def test_the_html_preview_is_never_a_job(world, client_for):
    with override_settings(PRINT_SYNC_ROWS=0):
        response = client_for("school_a").get(iom_print(world)[0] + "?format=html")
    assert response.status_code == 200 and world["iom_a"].specialist.full_name in response.content.decode()


def test_the_job_page_shows_the_stages_of_the_layout(world, client_for, monkeypatch):
    """The worker reports what it does: data, layout with the number of pages, writing."""
    from salsk_mentoring.models import Job as JobModel

    seen = []
    original = JobModel.set_progress

    def spy(self, progress, total=None, message=None):
        seen.append((progress, total, message))
        return original(self, progress, total, message)

    monkeypatch.setattr(JobModel, "set_progress", spy)
    with override_settings(PRINT_SYNC_ROWS=0):
        client_for("school_a").get(iom_print(world)[0])
    messages = [m for _, _, m in seen]
    assert messages[0] == "Сбор данных…" and "Вёрстка страниц…" in messages
    assert any(m.startswith("Свёрстано страниц: 1") for m in messages), messages


def test_a_document_gone_before_the_worker_runs_is_a_russian_message(world, client_for):
    """The worker replays the request when it gets to it: a record deleted meanwhile fails the job with a message
    the user reads on the job page."""
    from django_tasks import default_task_backend

    from salsk_mentoring import jobs

    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(PRINT_SYNC_ROWS=0, TASKS=dummy):
        client_for("school_a").get(iom_print(world)[0])
        [queued] = default_task_backend.results
    world["iom_a"].delete()
    jobs.run_job.call(*queued.args)
    job = Job.objects.exclude(pk=world["job_a"].pk).get()
    assert job.status == Job.Status.FAILED
    page = client_for("school_a").get(job.get_absolute_url()).content.decode()
    assert "Не удалось выполнить: документ больше недоступен" in page
