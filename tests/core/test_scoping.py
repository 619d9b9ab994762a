"""Scoping beyond the matrix: forms, exports and server-side organisation."""

import io

import openpyxl
import pytest

from mentors.models import Teacher
from schools.models import PilotParticipant
from tests.downloads import xlsx_table
from tests.factories import TeacherFactory

TEACHER_POST = {
    "last_name": "Сидорова", "first_name": "Мария", "middle_name": "Ивановна", "position": "учитель",
    "subjects": "химия", "category": "none", "total_experience": 2, "teaching_experience": 1,
    "email": "sidorova@example.org", "phone": "", "is_active": "on",
}


def test_school_creates_teacher_in_its_own_organisation_whatever_the_form_says(world, client_for):
    client = client_for("school_a")
    response = client.post("/teachers/add/", {**TEACHER_POST, "organisation": world["org_b"].pk})
    assert response.status_code == 302
    teacher = Teacher.objects.get(email="sidorova@example.org")
    assert teacher.organisation == world["org_a"]


def test_school_form_has_no_organisation_choice(world, client_for):
    response = client_for("school_a").get("/teachers/add/")
    assert 'name="organisation"' not in response.content.decode()
    response = client_for("methodist").get("/teachers/add/")
    assert 'name="organisation"' in response.content.decode()


def test_school_cannot_declare_another_schools_teacher(world, client_for):
    client = client_for("school_a")
    pilot = world["pilot_a"]
    # The form suggests teachers through the scoped autocomplete: school A's own only.
    offered = {r["id"] for r in client.get("/autocomplete/teachers/").json()["results"]}
    assert world["teacher_a"].pk in offered and world["teacher_b"].pk not in offered
    response = client.post(
        f"/pilot/participants/{pilot.pk}/edit/",
        {"responsible_name": "Петренко О.Н.", "declared_teachers": [world["teacher_b"].pk]},
    )
    assert response.status_code == 200  # refused, form shown again
    assert "Такого педагога нет среди доступных вам" in response.content.decode()
    assert not PilotParticipant.objects.get(pk=pilot.pk).declared_teachers.exists()


def test_rejected_form_keeps_what_was_typed(world, client_for):
    client = client_for("school_a")
    data = {**TEACHER_POST, "teaching_experience": 12, "total_experience": 2}
    response = client.post("/teachers/add/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Педагогический стаж не может быть больше общего." in page
    assert 'value="Сидорова"' in page and 'value="sidorova@example.org"' in page
    assert not Teacher.objects.filter(email="sidorova@example.org").exists()


def test_duplicate_email_is_refused_in_russian(world, client_for):
    client = client_for("school_a")
    response = client.post("/teachers/add/", {**TEACHER_POST, "email": world["teacher_b"].email})
    assert response.status_code == 200
    assert "Педагог с такой электронной почтой уже есть в реестре." in response.content.decode()


def _xlsx_rows(response):
    """The header row and the data rows (under the title block)."""
    _, header, rows = xlsx_table(response.content)
    return [header, *rows]


def _full_names(rows):
    """«Фамилия Имя Отчество» of each data row (the export carries the import's three name columns)."""
    header = rows[0]
    parts = [header.index(h) for h in ("Фамилия", "Имя", "Отчество")]
    return {" ".join(str(row[i]) for i in parts if row[i]) for row in rows[1:]}


def test_xlsx_export_is_scoped_and_follows_the_filter(world, client_for):
    rows = _xlsx_rows(client_for("school_a").get("/teachers/?_export=xlsx"))
    names = _full_names(rows)
    assert world["teacher_a"].full_name in names
    assert world["teacher_b"].full_name not in names
    filtered = _xlsx_rows(client_for("methodist").get("/teachers/?young=true&_export=xlsx"))
    assert _full_names(filtered) == {world["young_a"].full_name, world["young_b"].full_name}


def test_xlsx_export_never_writes_formulas(world, client_for):
    TeacherFactory(organisation=world["org_a"], last_name='=HYPERLINK("http://evil","x")')
    response = client_for("methodist").get("/teachers/?_export=xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for row in wb.active.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK")]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("persona", ["school_a", "official"])
def test_others_cannot_change_what_they_may_not(world, client_for, persona):
    teacher_b = world["teacher_b"]
    response = client_for(persona).post(f"/teachers/{teacher_b.pk}/edit/", {**TEACHER_POST})
    assert response.status_code in (403, 404)
    teacher_b.refresh_from_db()
    assert teacher_b.email != TEACHER_POST["email"]


def test_exports_say_yes_and_no_in_russian(world, client_for):
    rows = _xlsx_rows(client_for("methodist").get("/organisations/?_export=xlsx"))
    participant_col = rows[0].index("Участник ЦМН")
    assert {row[participant_col] for row in rows[1:]} <= {"да", "нет"}
