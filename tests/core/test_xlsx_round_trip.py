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


def cell_of(content: bytes, find, column: str):
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    headers = [c.value for c in ws[TITLE_ROWS + 1]]
    for values in ws.iter_rows(min_row=TITLE_ROWS + 2, values_only=True):
        row = dict(zip(headers, values, strict=False))
        if find(row):
            return row[column]
    raise AssertionError(f"no row in {headers}")


def row_of(content: bytes, find) -> int:
    """The Excel number of the first data row where ``find(row dict)`` holds."""
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    headers = [c.value for c in ws[TITLE_ROWS + 1]]
    for number, values in enumerate(ws.iter_rows(min_row=TITLE_ROWS + 2, values_only=True), start=TITLE_ROWS + 2):
        if find(dict(zip(headers, values, strict=False))):
            return number
    raise AssertionError(f"no row in {headers}")


def second_form(w):
    from tests.mentors.factories import MentoringFormFactory

    form = MentoringFormFactory(code="student_student", name="ученик – ученик")
    return form, form.name


def second_mentee(w):
    from tests.factories import TeacherFactory
    from tests.mentors.factories import MenteeFactory

    teacher = TeacherFactory(organisation=w["org_a"], total_experience=1, teaching_experience=1)
    return MenteeFactory(teacher=teacher, organisation=w["org_a"]), teacher.email


LINK_CASES = [
    # list URL, importer, record, its many-to-many, the column, a new object to link and its name in the file,
    # the old object's name, an unknown name's error, another record's valid change (column, value, read back)
    ("/mentor-bank/", MentorBankImporter, "bank_a", "forms", "Формы наставничества", second_form,
     lambda w: w["form_tt"].name, "— нет такой формы наставничества",
     ("Наибольшее число наставляемых", 4, lambda obj: obj.max_mentees)),
    ("/pairs/", PairImporter, "pair_a", "mentees", "Наставляемые", second_mentee,
     lambda w: w["mentee_a"].teacher.email, "не найден среди наставляемых",
     ("Окончание", datetime.date(2031, 5, 30), lambda obj: obj.end_date)),
]  # fmt: skip


@pytest.mark.parametrize("case", LINK_CASES, ids=[c[0] for c in LINK_CASES])
def test_export_edit_import_changes_the_many_to_many_links(world, client_for, case):
    """A list column («форма1; форма2», the mentees' e-mails) is exported readable and an update import makes the
    record's links the file's: added, removed, unchanged — all or nothing, an unknown name named by row and
    column."""
    url, importer_class, name, field, column, make_new, old_name, unknown_error, other_change = case
    record = world[name]
    new, new_name = make_new(world)
    old = getattr(record, field).get()
    find = lambda row: row["Код записи"] == record.pk  # noqa: E731
    content = download(client_for("methodist"), url + "?_export=xlsx").content
    assert cell_of(content, find, column) == old_name(world)

    def imported(edited):
        return importer_class(world["methodist"], update=True).run(upload(edited), dry_run=False)

    def links():
        return set(getattr(type(record).objects.get(pk=record.pk), field).values_list("pk", flat=True))

    history = record.history.count()
    result = imported(edit(content, find, column, f"{old_name(world)}; {new_name}"))  # a link added
    assert result.ok and (result.created, result.updated) == (0, 1), [str(e) for e in result.errors]
    assert links() == {old.pk, new.pk} and record.history.count() == history + 1
    # The history record carries the links, and the history panel names the one added.
    model = type(record)
    target = model._meta.get_field(field).m2m_reverse_field_name()
    latest = model.history.filter(id=record.pk).latest("history_id")
    assert {getattr(row, f"{target}_id") for row in getattr(latest, field).all()} == {old.pk, new.pk}
    from salsk_mentoring.templatetags.portal import history_entries

    [change] = history_entries(model.objects.get(pk=record.pk), world["methodist"])["entries"][0]["changes"]
    assert change["field"] == model._meta.get_field(field).verbose_name and str(new) in change["new"]
    # The same links in another order: nothing to write.
    again = imported(edit(content, find, column, f"{new_name};{old_name(world)}"))
    assert again.ok and (again.created, again.updated) == (0, 0), [str(e) for e in again.errors]
    result = imported(edit(content, find, column, new_name))  # a link removed
    assert result.ok and result.updated == 1 and links() == {new.pk}
    # An unknown name: its row and column are named, and nothing of the file is written — not even another
    # row's valid change.
    other = type(record).objects.exclude(pk=record.pk).get()
    other_column, other_value, read = other_change
    edited = edit(content, find, column, f"{new_name}; Неизвестное значение")
    edited = edit(edited, lambda row: row["Код записи"] == other.pk, other_column, other_value)
    result = imported(edited)
    errors = [str(e) for e in result.errors]
    assert not result.ok and errors == [
        f"Строка {row_of(content, find)}, столбец «{column}»: «Неизвестное значение» {unknown_error}."
    ], errors
    assert links() == {new.pk} and read(type(other).objects.get(pk=other.pk)) != other_value
    # Without the error the other change is written with the links.
    edited = edit(edit(content, find, column, old_name(world)), lambda row: row["Код записи"] == other.pk,
                  other_column, other_value)
    result = imported(edited)
    assert result.ok and result.updated == 2 and links() == {old.pk}
    assert read(type(other).objects.get(pk=other.pk)) == other_value
