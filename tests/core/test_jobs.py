import io
from urllib.parse import quote

from django.urls import reverse
from pypdf import PdfReader

from salsk_mentoring.models import Job
from tests.factories import TeacherFactory


def test_big_pdf_export_runs_as_a_job_with_the_users_scope_and_filters(world, client_for, settings):
    TeacherFactory.create_batch(4, organisation=world["org_a"], subjects="химия")
    TeacherFactory.create_batch(3, organisation=world["org_b"], subjects="химия")
    client = client_for("school_a")
    from mentors.views import TeacherListView

    TeacherListView.sync_export_rows = {"pdf": 2, "xlsx": 20_000}
    try:
        response = client.get("/teachers/?q=химия&_export=pdf")
    finally:
        TeacherListView.sync_export_rows = {"pdf": 300, "xlsx": 20_000}
    job = Job.objects.exclude(pk=world["job_a"].pk).get(user=world["school_a"], title__contains="PDF")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.message
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Скачать" in page
    # back to the list it was asked from, with its filter; «Мои документы» still there
    assert job.back_url == f"/teachers/?q={quote('химия')}" and f'href="{job.back_url}"' in page
    assert "← Вернуться к списку «Педагоги»" in page and "Мои документы</a>" in page
    pdf = client.get(f"/jobs/{job.pk}/download/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert "Отбор: ФИО, предмет, e-mail: химия" in text
    assert text.count("химия") == 1 + 4  # the filter line and school A's four chemists
    assert world["org_b"].short_name not in text


def test_a_failed_job_tells_the_user(world, client_for):
    from salsk_mentoring.jobs import start_job

    job = start_job(user=world["school_a"], title="Сломанная задача", function="tests.core.test_jobs.broken")
    assert job.status == Job.Status.FAILED
    assert "Не удалось выполнить" in client_for("school_a").get(job.get_absolute_url()).content.decode()


def broken(*, job):
    raise ValueError("нет данных за выбранный год")


#: A document named after a long filter, with a dot inside (a named indicator): Django's own shortening of the
#: stored path gives up on it (SuspiciousFileOperation), the comparison report's job stayed «running».
LONG_NAME = (
    "Сравнение организаций (Сальский район) Ф1. Обучающиеся 10–18 лет, наставляемые "
    + "МБОУ СОШ № 1 имени Героя Советского Союза " * 6
    + "май 2022 04.12.2026.pdf"
)


def long_named(*, job):
    return b"%PDF-1.7 body", LONG_NAME, "application/pdf"


def test_a_document_with_a_long_name_is_stored_and_downloaded_under_its_name(world, client_for):
    from salsk_mentoring.jobs import start_job

    job = start_job(user=world["school_a"], title="Длинное имя", function="tests.core.test_jobs.long_named")
    assert job.status == Job.Status.DONE, job.message
    assert len(job.result.name) <= 100 and job.result.name.endswith(".pdf")
    assert len(job.result_name) <= 255 and job.result_name.endswith(".pdf")
    assert job.result_name.startswith("Сравнение организаций (Сальский район) Ф1. Обучающиеся")
    response = client_for("school_a").get(reverse("job_download", args=[job.pk]))
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == b"%PDF-1.7 body"


def test_a_result_that_cannot_be_stored_fails_the_job_with_a_message(world, monkeypatch):
    from django.core.files.storage import Storage

    from salsk_mentoring.jobs import start_job

    def refuse(self, name, content, max_length=None):
        raise OSError("диск заполнен")

    monkeypatch.setattr(Storage, "save", refuse)
    job = start_job(user=world["school_a"], title="Не сохранить", function="tests.core.test_jobs.long_named")
    assert job.status == Job.Status.FAILED
    assert "Не удалось выполнить задачу" in job.message


def test_a_background_import_leads_back_to_its_registry(world, client_for, monkeypatch):
    from salsk_mentoring.imports import views as import_views
    from tests.mentors.xlsx import TEACHER_HEADERS, teacher_row, upload, xlsx_bytes

    monkeypatch.setattr(import_views, "BACKGROUND_ROWS", 2)
    client = client_for("methodist")
    rows = [teacher_row(world["org_a"], n) for n in range(3)]
    response = client.post(reverse("mentors:teacher_import"), {"file": upload(xlsx_bytes(TEACHER_HEADERS, rows))})
    job = Job.objects.get(title__startswith="Импорт")
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'href="{reverse("mentors:teacher_list")}">← Вернуться к списку «Педагоги»</a>' in page
