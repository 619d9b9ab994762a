"""Export → edit in Excel → import: every registry with an import exports the import's columns (its key
included) under the title block, and the import of the edited file updates the same records — no new rows,
the other rows unchanged."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from mentors.models import Mentee, MentorBankEntry, Pair, Teacher
from mentors.resources import MenteeImporter, MentorBankImporter, PairImporter, TeacherImporter
from monitoring.models import Target
from monitoring.resources import TargetImporter
from salsk_mentoring.documents.xlsx import TITLE_ROWS
from tests.downloads import download
from tests.mentors.xlsx import upload


def edit(content: bytes, find, column: str, value) -> bytes:
    """The workbook with ``column`` set to ``value`` in the first data row where ``find(row dict)`` holds."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    header_row = TITLE_ROWS + 1
    headers = [c.value for c in ws[header_row]]
    for cells in ws.iter_rows(min_row=header_row + 1):
        row = {h: c.value for h, c in zip(headers, cells, strict=False)}
        if find(row):
            cells[headers.index(column)].value = value
            break
    else:
        raise AssertionError(f"no row to edit in {headers}")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


CASES = [
    # list URL, importer, model, record in world, which row, column edited, new value, how to read it back
    (
        "/teachers/",
        TeacherImporter,
        Teacher,
        "teacher_a",
        lambda w: lambda row: row["Электронная почта"] == w["teacher_a"].email,
        "Должность",
        "заместитель директора по УВР",
        lambda obj: obj.position,
    ),
    (
        "/mentor-bank/",
        MentorBankImporter,
        MentorBankEntry,
        "bank_a",
        lambda w: lambda row: row["Код записи"] == w["bank_a"].pk,
        "Наибольшее число наставляемых",
        5,
        lambda obj: obj.max_mentees,
    ),
    (
        "/mentees/",
        MenteeImporter,
        Mentee,
        "mentee_a",
        lambda w: lambda row: row["Код записи"] == w["mentee_a"].pk,
        "Участвует",
        "нет",
        lambda obj: "да" if obj.is_active else "нет",
    ),
    (
        "/pairs/",
        PairImporter,
        Pair,
        "pair_a",
        lambda w: lambda row: row["Код записи"] == w["pair_a"].pk,
        "Окончание",
        datetime.date(2031, 5, 30),
        lambda obj: obj.end_date,
    ),
    (
        "/monitoring/targets/",
        TargetImporter,
        Target,
        "target_a",
        lambda w: lambda row: row["Код показателя"] == w["target_a"].indicator.code
        and row["Организация"] == w["org_a"].short_name,
        "Целевое значение",
        55,
        lambda obj: int(obj.value),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_export_edit_import_updates_the_same_records(world, client_for, case):
    url, importer_class, model, name, find, column, value, read = case
    record = world[name]
    client = client_for("methodist")
    response = download(client, url + "?_export=xlsx")
    assert response.status_code == 200, url
    content = response.content
    headers = [c.value for c in load_workbook(io.BytesIO(content)).worksheets[0][TITLE_ROWS + 1]]
    for col in importer_class.columns:  # every import column, the key among them
        assert col.header in headers, (url, col.header)
    before = {obj.pk: obj for obj in model.objects.all()}
    history = record.history.count()
    edited = edit(content, find(world), column, value)
    result = importer_class(world["methodist"], update=True).run(upload(edited), dry_run=False)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.created, result.updated) == (0, 1), url
    assert model.objects.count() == len(before)
    record = model.objects.get(pk=record.pk)
    assert read(record) == value
    assert record.history.count() == history + 1  # the change is in the record's history
    # Imported again unchanged: nothing to write.
    again = importer_class(world["methodist"], update=True).run(upload(edited), dry_run=False)
    assert again.ok and (again.created, again.updated) == (0, 0), [str(e) for e in again.errors]


def test_a_record_code_that_is_not_in_the_registry_is_an_error(world, client_for):
    content = download(client_for("methodist"), "/pairs/?_export=xlsx").content
    pk = world["pair_a"].pk
    edited = edit(content, lambda row: row["Код записи"] == pk, "Код записи", 999999)
    result = PairImporter(world["methodist"], update=True).run(upload(edited), dry_run=False)
    assert not result.ok and Pair.objects.count() == 2
    assert any("записи № 999999 нет в реестре" in str(e) for e in result.errors), [str(e) for e in result.errors]
    # Without «Обновить существующие записи» a known code is refused, not duplicated.
    result = PairImporter(world["methodist"]).run(upload(content), dry_run=False)
    errors = [str(e) for e in result.errors]
    assert not result.ok and any("Обновить существующие записи" in e for e in errors), errors
    assert Pair.objects.count() == 2


def test_target_values_stay_decimal_numbers_in_the_export(world, client_for):
    content = download(client_for("methodist"), "/monitoring/targets/?_export=xlsx").content
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    headers = [c.value for c in ws[TITLE_ROWS + 1]]
    values = [row[headers.index("Целевое значение")] for row in ws.iter_rows(min_row=TITLE_ROWS + 2, values_only=True)]
    assert Decimal(40) in [Decimal(str(v)) for v in values]
    assert all(isinstance(v, (int, float)) for v in values)
