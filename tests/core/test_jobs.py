import io

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
