"""The whole path of an IOM through the browser (test client): create, fill, agree, submit,
return with a comment, fix, resubmit, approve, print; then run and complete it."""

import io

from django.core import mail
from django.test import Client
from pypdf import PdfReader

from iom.models import Iom, IomRow, IomTransition

from .factories import IomTemplateRowFactory


def login(user):
    client = Client()
    client.force_login(user)
    return client


def _rows_post(iom, rows, extra=0):
    """Management form + row fields of the IOM edit page, as a browser would send them."""
    data = {
        "rows-TOTAL_FORMS": str(len(rows) + extra),
        "rows-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{i}-{key}"] = value
        data[f"rows-{i}-iom"] = iom.pk
    return data


def _header_post(iom, **changes):
    data = {
        "mentor": iom.mentor_id,
        "deficits": iom.deficits,
        "goals": iom.goals,
        "head_name": iom.head_name,
        "head_position": iom.head_position,
        "head_signed_on": iom.head_signed_on.isoformat() if iom.head_signed_on else "",
    }
    data.update(changes)
    return data


def _existing_rows(iom):
    return [
        {
            "id": r.pk,
            "position": r.position,
            "section": r.section,
            "tasks": r.tasks,
            "activity": r.activity,
            "form": r.form,
            "deadline": r.deadline.isoformat(),
            "reporting_form": r.reporting_form,
            "expected_result": r.expected_result,
        }
        for r in iom.rows.order_by("position", "pk")
    ]


def test_school_creates_submits_methodist_returns_school_resubmits_methodist_approves(
    world, client_for, django_capture_on_commit_callbacks
):
    year, org_a = world["year"], world["org_a"]
    template = world["iom_template"]
    IomTemplateRowFactory(
        template=template, position=2, section="Работа с родителями", activity="Родительское собрание"
    )
    specialist = world["young_a"]
    # young_a already has iom_a for this year in the shared world; use a fresh young specialist.
    from tests.factories import TeacherFactory

    specialist = TeacherFactory(
        organisation=org_a, last_name="Молодцова", total_experience=0, teaching_experience=0
    )
    school = login(world["school_a"])
    methodist = login(world["methodist"])

    # 1. The school creates the IOM: its rows are copied from the template of the year.
    response = school.post(
        "/iom/add/",
        {
            "academic_year": year.pk,
            "specialist": specialist.pk,
            "mentor": world["mentor_a"].pk,
            "deficits": "Затруднения в постановке целей урока",
            "goals": "Освоить проектирование урока по ФГОС",
            "head_name": "Петренко О.Н.",
            "head_position": "Директор",
            "head_signed_on": "2021-11-25",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    iom = Iom.objects.get(specialist=specialist, academic_year=year)
    assert iom.organisation == org_a and iom.status == Iom.Status.DRAFT
    assert iom.rows.count() == template.rows.count() == 2

    # 2. It fills the rows: changes one and adds a new one.
    rows = _existing_rows(iom)
    rows[0]["activity"] = "Посещение 5 уроков наставника"
    rows.append(
        {
            "position": 3,
            "section": "Самообразование",
            "tasks": "",
            "activity": "Тема самообразования",
            "form": "self_education",
            "deadline": "2022-04-29",
            "reporting_form": "План",
            "expected_result": "Выступление на МО",
        }
    )
    response = school.post(f"/iom/{iom.pk}/edit/", {**_header_post(iom), **_rows_post(iom, rows)})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert iom.rows.count() == 3
    assert iom.rows.filter(activity="Посещение 5 уроков наставника").exists()

    # 3. The mentor agrees, the school's responsible submits; methodists are told by e-mail.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # e-mail leaves after the commit
        assert school.post(f"/iom/{iom.pk}/agree/").status_code == 302
    assert any(world["mentor_a"].email in m.to for m in mail.outbox)  # the mentor learns it was recorded
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert school.post(f"/iom/{iom.pk}/submit/").status_code == 302
    iom.refresh_from_db()
    assert iom.status == Iom.Status.SUBMITTED
    assert [m.to for m in mail.outbox] == [[world["methodist"].email]] or world["methodist"].email == ""

    # 4. The methodist returns it with a comment; the school sees the comment.
    response = methodist.post(
        f"/iom/{iom.pk}/return/", {"comment": "Уточните сроки курсов повышения квалификации"}
    )
    assert response.status_code == 302
    iom.refresh_from_db()
    assert iom.status == Iom.Status.RETURNED
    page = school.get(f"/iom/{iom.pk}/").content.decode()
    assert "Уточните сроки курсов повышения квалификации" in page
    assert "Возвращён на доработку" in page

    # 5. The school fixes the route and resubmits it (a returned IOM may be edited and submitted again).
    rows = _existing_rows(iom)
    rows[0]["deadline"] = "2022-03-31"
    response = school.post(f"/iom/{iom.pk}/edit/", {**_header_post(iom), **_rows_post(iom, rows)})
    assert response.status_code == 302
    assert school.post(f"/iom/{iom.pk}/submit/").status_code == 302
    iom.refresh_from_db()
    assert iom.status == Iom.Status.SUBMITTED

    # 6. The methodist approves; the school is told.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert methodist.post(f"/iom/{iom.pk}/approve/").status_code == 302
    iom.refresh_from_db()
    assert iom.status == Iom.Status.APPROVED
    assert mail.outbox and mail.outbox[0].subject == f"Утверждение: {iom}"

    # Every transition is logged with who and when; the comment of the return is kept.
    log = list(
        IomTransition.objects.filter(iom=iom).order_by("at", "pk").values_list("action", "user__username")
    )
    assert [a for a, _ in log] == ["create", "agree", "submit", "return", "submit", "approve"]
    assert dict(log)["return"] == "methodist" and dict(log)["agree"] == "school_a"
    assert IomTransition.objects.get(iom=iom, action="return").comment.startswith("Уточните сроки")

    # 7. The print form: an approved document with «УТВЕРЖДАЮ», the organisation, table and signatures.
    response = school.get(f"/iom/{iom.pk}/print/")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "УТВЕРЖДАЮ",
        "Петренко О.Н.",
        "ИНДИВИДУАЛЬНЫЙ ОБРАЗОВАТЕЛЬНЫЙ МАРШРУТ",
        org_a.full_name[:30],
        "Посещение 5 уроков наставника",
        "Молодой специалист",
        "Наставник",
        specialist.short_name,
    ):
        assert expected.replace(" ", "") in text.replace(" ", "").replace("\n", ""), expected


def test_approved_iom_runs_and_completes(world, client_for):
    iom = world["iom_running_a"]  # in progress, one row
    school = client_for("school_a")
    row = iom.rows.get()
    # Completing with a row still «planned» is refused and keeps what was typed.
    response = school.post(
        f"/iom/{iom.pk}/complete/", {"self_analysis": "Мой самоанализ", "mentor_conclusion": "Вывод"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Отметьте выполнение всех мероприятий" in page and "Мой самоанализ" in page
    # Mark the row done with a link as evidence.
    data = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "1",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
        "rows-0-id": row.pk,
        "rows-0-iom": iom.pk,
        "rows-0-status": "done",
        "rows-0-not_done_reason": "",
        "rows-0-evidence_url": "https://school1.example.org/open-lesson",
    }
    assert school.post(f"/iom/{iom.pk}/progress/", data).status_code == 302
    row.refresh_from_db()
    assert row.status == IomRow.Status.DONE
    assert Iom.objects.with_progress().get(pk=iom.pk).progress == 100
    response = school.post(
        f"/iom/{iom.pk}/complete/", {"self_analysis": "Мой самоанализ", "mentor_conclusion": "Вывод"}
    )
    assert response.status_code == 302
    iom.refresh_from_db()
    assert iom.status == Iom.Status.COMPLETED and iom.self_analysis == "Мой самоанализ"


def test_not_done_needs_a_reason_and_evidence_must_be_a_document(world, client_for):
    iom = world["iom_running_a"]
    row = iom.rows.get()
    school = client_for("school_a")
    from django.core.files.uploadedfile import SimpleUploadedFile

    base = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "1",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
        "rows-0-id": row.pk,
        "rows-0-iom": iom.pk,
    }
    response = school.post(f"/iom/{iom.pk}/progress/", {**base, "rows-0-status": "not_done"})
    assert response.status_code == 200
    assert "Укажите причину" in response.content.decode()
    exe = SimpleUploadedFile("otchet.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    response = school.post(
        f"/iom/{iom.pk}/progress/", {**base, "rows-0-status": "done", "rows-0-evidence_file": exe}
    )
    assert response.status_code == 200
    assert "исполняемая программа" in response.content.decode()
    row.refresh_from_db()
    assert row.status == IomRow.Status.PLANNED and not row.evidence_file


def test_methodist_add_form_suggests_the_chosen_organisations_teachers(world):
    """The form lists no teachers (a region has ≈60,000); the specialist box asks the autocomplete with the
    chosen organisation, which offers that organisation's young specialists only."""
    methodist = login(world["methodist"])
    page = methodist.get(f"/iom/add/?organisation={world['org_a'].pk}").content.decode()
    start = page.index('name="specialist"')
    select = page[page.rindex("<select", 0, start) : page.index("</select>", start)]
    assert 'data-forward="organisation"' in select and "young=1" in select
    assert world["young_a"].last_name not in select and world["young_b"].last_name not in select
    found = methodist.get(
        "/autocomplete/teachers/", {"young": "1", "organisation": world["org_a"].pk}
    ).json()["results"]
    ids = {row["id"] for row in found}
    assert world["young_a"].pk in ids and world["young_b"].pk not in ids and world["teacher_a"].pk not in ids
