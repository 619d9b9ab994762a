"""bench/cases/imports.py runs (its figures are printed, never asserted): the comparison behind
docs/development.md «Импорт и экспорт» stays runnable."""

import io

import pytest

from bench.cases import imports
from bench.harness import Bench
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_import_and_export_paths_are_compared(methodist):
    for n in range(3):
        OrganisationFactory(short_name=f"МБОУ СОШ № {n + 70}")
    bench = Bench(stdout=io.StringIO(), quick=True)
    imported, exported = imports.run(bench, rows=40)
    assert [created for _, _, created in imported] == [40] * len(imported)
    assert len(imported) == 4 and len(exported) == 3  # django-import-export is in the dev extra
    output = bench.stdout.getvalue()
    assert "× сырого" in output and "× write_only" in output and "django-import-export: импорт" in output
