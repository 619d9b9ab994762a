"""The parts of a pack missing from the cache are laid out in parallel by pool workers: the same bytes as one
after another, and one after another when no pool can be had."""

import os

import pytest

from orders import printing
from salsk_mentoring.documents import pool
from salsk_mentoring.models import PrintedPart

from .factories import OrderAppendixFactory

pytestmark = pytest.mark.django_db



def die_in_a_worker(lay_out, html):
    """The workers' task in the broken-pool test: the worker process ends at once (as if killed)."""
    os._exit(1)


@pytest.fixture
def order(world):
    order = world["order_draft"]
    OrderAppendixFactory(order=order, number=2, kind="free_text", title="Порядок проведения", body="Текст.")
    OrderAppendixFactory(order=order, number=3, kind="pilot_organisations", params={})
    return order


def cold_pack(order, workers):
    PrintedPart.objects.all().delete()
    return printing.build_pack_pdf(order, workers=workers)


def test_parallel_pack_is_the_serial_pack_byte_for_byte(order, settings, monkeypatch):
    serial = cold_pack(order, 1)
    pools = []
    original = pool.lay_out_in_pool

    def spy(htmls, workers, lay_out, progress):
        laid_out = original(htmls, workers, lay_out, progress)
        pools.append((len(htmls), workers, laid_out is not None))
        return laid_out

    monkeypatch.setattr(pool, "lay_out_in_pool", spy)
    cpu_before = pool.pool_cpu_seconds
    parallel = cold_pack(order, 2)
    assert pools == [(4, 2, True)]  # four parts laid out by two workers, no fallback
    assert pool.pool_cpu_seconds > cpu_before
    assert parallel == serial
    assert PrintedPart.objects.count() == 4  # every part kept for the next print
    # Warm: every part from the cache, no pool.
    assert printing.build_pack_pdf(order, workers=2) == serial and len(pools) == 1


def test_without_a_pool_the_parts_are_laid_out_one_after_another(order, settings, monkeypatch, caplog):
    import concurrent.futures

    serial = cold_pack(order, 1)

    def no_processes(*args, **kwargs):
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_processes)
    assert cold_pack(order, 2) == serial
    assert "Print part pool failed" in caplog.text


def test_a_worker_that_dies_leaves_the_parts_to_the_request_process(order, settings, monkeypatch, caplog):
    serial = cold_pack(order, 1)
    monkeypatch.setattr(pool, "_lay_out_timed", die_in_a_worker)
    assert cold_pack(order, 2) == serial
    assert "Print part pool failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_cold_pack_is_a_job_and_a_cached_pack_comes_at_once(order, client_for, settings, monkeypatch):
    """No request lays the pack out nor starts the print pool: a cold pack is a job whose page counts the parts;
    once its parts are in the cache, the PDF link gives the file at once."""
    from django.test import override_settings
    from django_tasks import default_task_backend

    from salsk_mentoring.jobs import run_job
    from salsk_mentoring.models import Job

    settings.PRINT_WORKERS = 2
    PrintedPart.objects.all().delete()
    client = client_for("methodist")
    monkeypatch.setattr(pool, "start_fork_server", lambda: pytest.fail("a request started the print pool"))
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        default_task_backend.clear()
        response = client.get(f"/orders/{order.pk}/pdf/")
        job = Job.objects.get(title__contains="печатная форма")
        assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
        assert PrintedPart.objects.count() == 0 and job.status == Job.Status.QUEUED
        [queued] = default_task_backend.results
    monkeypatch.undo()
    run_job.call(*queued.args, **queued.kwargs)  # the worker: parts in the pool
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.message == "Вёрстка частей комплекта: 4 из 4"
    monkeypatch.setattr(pool, "start_fork_server", lambda: pytest.fail("a request started the print pool"))
    response = client.get(f"/orders/{order.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content == printing.build_pack_pdf(order)


def test_a_big_docx_and_a_cold_appendix_are_jobs_of_the_order(order, client_for, monkeypatch):
    """The pack's DOCX above the rows made in the request, and an appendix not laid out since its data changed,
    answer with the page of a job that made the file for this order (and this appendix)."""
    from salsk_mentoring.models import Job

    client = client_for("methodist")
    monkeypatch.setattr(printing, "DOCX_SYNC_ROWS", 0)
    response = client.get(f"/orders/{order.pk}/docx/")
    job = Job.objects.get(title=f"{printing.pack_title(order)}: документ Word (DOCX)")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.message
    assert job.result_name == f"{printing.pack_title(order)}.docx" and job.result.read()[:2] == b"PK"
    page = client.get(job.get_absolute_url()).content.decode()  # with a link back to the order
    assert f'href="{order.get_absolute_url()}">← Вернуться к приказу</a>' in page

    PrintedPart.objects.all().delete()
    appendix = order.appendices.get(number=3)
    response = client.get(f"/orders/{order.pk}/appendix/3/pdf/")
    job = Job.objects.get(title=f"{printing.appendix_title(order, appendix)}: PDF")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.message
    assert job.result.read()[:5] == b"%PDF-"
