"""The job page follows its job live (static/js/jobs.js): the progress of a running job appears without a reload,
then the download button; a failure shows its message; without JavaScript the page reloads itself.

The job is driven from the test (no worker: what a worker writes — ``set_progress``, the result, the state — is
written here while the browser watches), so each step is seen for certain, not raced against a real export."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.e2e.conftest import CONTEXT, PHONE

pytestmark = pytest.mark.e2e

#: Set on the page once it has loaded: still there later means the page was never reloaded.
MARK = "window.jobPageLoaded = true"
NOT_RELOADED = "() => window.jobPageLoaded === true"


def methodists_job(**fields):
    from salsk_mentoring.models import Job
    from schools.models import User

    return Job.objects.create(user=User.objects.get(username="methodist"), title="Педагоги: выгрузка PDF",
                              back_url="/teachers/", back_label="Вернуться к списку «Педагоги»", **fields)


def finish(job):
    from salsk_mentoring.models import Job

    job.result.save("teachers.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    job.result_name = "Педагоги.pdf"
    job.content_type = "application/pdf"
    job.status = Job.Status.DONE
    job.finished = timezone.now()
    job.save()


def test_the_job_page_shows_progress_then_the_download_without_reloading(walk):
    from salsk_mentoring.models import Job

    w = walk("methodist")
    w.login("methodist")
    page = w.page
    job = methodists_job()
    w.visit(job.get_absolute_url(), expect_text="В очереди.", screenshot="phone-job-queued")
    page.evaluate(MARK)

    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    job.reporter("Выборка строк")(786, 1572)
    page.locator(".js-job-text", has_text="Выборка строк: 786 из 1 572").wait_for(timeout=5000)
    assert page.locator(".js-job-label").inner_text() == "Выполняется."
    bar = page.locator("[role=progressbar]")
    assert (bar.get_attribute("aria-valuenow"), bar.get_attribute("aria-valuemax")) == ("50", "100")
    announced = "Выполняется. Выборка строк: 786 из 1\u00a0572"  # a screen reader hears the new stage
    assert page.locator("[aria-live=polite]").inner_text() == announced
    assert page.evaluate(NOT_RELOADED)
    w.check("job running", screenshot="phone-job-running")

    job.set_progress(14, 56, "Вёрстка страниц: 14 из 56")
    page.locator(".js-job-text", has_text="Вёрстка страниц: 14 из 56").wait_for(timeout=5000)
    assert bar.get_attribute("aria-valuenow") == "25"

    finish(job)
    download = page.get_by_role("link", name="Скачать Педагоги.pdf")
    download.wait_for(timeout=5000)
    assert page.locator(".js-job-label").inner_text() == "Готово."
    assert bar.is_hidden() and page.get_by_text("Страница обновляется сама").is_hidden()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Скачать Педагоги.pdf"  # focus: the button
    assert page.evaluate(NOT_RELOADED)
    w.check("job done", screenshot="phone-job-done")
    with page.expect_download() as got:
        download.click()
    assert got.value.suggested_filename == "Педагоги.pdf"
    w.visit(job.get_absolute_url(), expect_text="Документ сформирован.")  # the same page from the server: no script
    assert not page.locator("script[src$='jobs.js']").count()


def test_a_failed_job_shows_its_message_in_place(walk):
    from salsk_mentoring.models import Job

    w = walk("methodist")
    w.login("methodist")
    job = methodists_job(status=Job.Status.RUNNING, message="Выборка строк: 0 из 1 572")
    w.visit(job.get_absolute_url(), expect_text="Выборка строк")
    w.page.evaluate(MARK)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, finished=timezone.now(),
                                         message="Не удалось выполнить: нет данных за выбранный год")
    w.page.get_by_role("alert").filter(has_text="нет данных за выбранный год").wait_for(timeout=5000)
    assert w.page.locator(".js-job-line").is_hidden() and w.page.evaluate(NOT_RELOADED)
    w.check("job failed")
    w.visit(job.get_absolute_url(), expect_text="нет данных за выбранный год")  # from the server


def test_without_javascript_the_job_page_reloads_itself(browser, live_server, portal_data):
    """The meta refresh inside <noscript>: a browser without scripts still gets to the download."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, **CONTEXT)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "methodist")
    page.fill("#id_password", "salsk-demo")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/dashboard/")
    job = methodists_job()
    page.goto(live_server.url + job.get_absolute_url())
    finish(job)
    page.get_by_role("link", name="Скачать Педагоги.pdf").wait_for(timeout=8000)  # after the 2 s reload
    context.close()
