"""bench.harness: what the bench reports (its figures are printed, never asserted)."""

import io

import pytest
from django.urls import reverse

from bench.harness import Bench

pytestmark = pytest.mark.django_db


def test_pages_and_downloads_are_told_apart(year):
    bench = Bench(stdout=io.StringIO(), quick=True)
    bench.page("Вход", None, reverse("login"))
    bench.page("Публичный банк, XLSX", None, reverse("mentors:public_bank") + "?_export=xlsx")
    (_, _, _, status_html, *_, is_html), (_, _, _, status_xlsx, *_, is_download_html) = bench.rows
    assert (status_html, is_html) == (200, True)
    assert (status_xlsx, is_download_html) == (200, False)
    assert "Вход" in bench.stdout.getvalue() and "запросов" in bench.stdout.getvalue()
