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


def cold_pack(order):
    PrintedPart.objects.all().delete()
    return printing.pack_pdf(order)


def test_parallel_pack_is_the_serial_pack_byte_for_byte(order, settings, monkeypatch):
    settings.PRINT_WORKERS = 1
    serial = cold_pack(order)
    pools = []
    original = pool.lay_out_in_pool

    def spy(htmls, workers, lay_out):
        laid_out = original(htmls, workers, lay_out)
        pools.append((len(htmls), workers, laid_out is not None))
        return laid_out

    monkeypatch.setattr(pool, "lay_out_in_pool", spy)
    settings.PRINT_WORKERS = 2
    cpu_before = pool.pool_cpu_seconds
    parallel = cold_pack(order)
    assert pools == [(4, 2, True)]  # four parts laid out by two workers, no fallback
    assert pool.pool_cpu_seconds > cpu_before
    assert parallel == serial
    assert PrintedPart.objects.count() == 4  # every part kept for the next print
    # Warm: every part from the cache, no pool.
    assert printing.pack_pdf(order) == serial and len(pools) == 1


def test_without_a_pool_the_parts_are_laid_out_one_after_another(order, settings, monkeypatch, caplog):
    import concurrent.futures

    settings.PRINT_WORKERS = 1
    serial = cold_pack(order)
    settings.PRINT_WORKERS = 2

    def no_processes(*args, **kwargs):
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_processes)
    assert cold_pack(order) == serial
    assert "Print part pool failed" in caplog.text


def test_a_worker_that_dies_leaves_the_parts_to_the_request_process(order, settings, monkeypatch, caplog):
    settings.PRINT_WORKERS = 1
    serial = cold_pack(order)
    settings.PRINT_WORKERS = 2
    monkeypatch.setattr(pool, "_lay_out_timed", die_in_a_worker)
    assert cold_pack(order) == serial
    assert "Print part pool failed" in caplog.text
