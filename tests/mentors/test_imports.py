import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook

from mentors.models import Teacher
from mentors.resources import TeacherImporter
from salsk_mentoring.imports import ImportRefused
from salsk_mentoring.uploads import stored_files

from .xlsx import TEACHER_HEADERS, teacher_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def parse(user, rows, headers=TEACHER_HEADERS, organisation=None):
    return TeacherImporter(user, organisation=organisation).parse(upload(xlsx_bytes(headers, rows)))


def test_methodist_imports_teachers_with_history_by_importer(methodist, org_a, org_b):
    result = TeacherImporter(methodist).run(
        upload(xlsx_bytes(TEACHER_HEADERS, [teacher_row(org_a, 1), teacher_row(org_b, 2, Фамилия="Петров")])),
        dry_run=False,
    )
    assert result.ok and result.created == 2
    teacher = Teacher.objects.get(email="t2@example.org")
    assert teacher.organisation == org_b and teacher.category == Teacher.Category.FIRST
    record = teacher.history.get()
    assert record.history_user == methodist and record.history_type == "+"


def test_dry_run_writes_nothing(methodist, org_a):
    result = parse(methodist, [teacher_row(org_a)])
    assert result.ok and len(result.instances) == 1
    assert not Teacher.objects.exists()


def test_school_imports_only_into_its_own_organisation(school_a, org_a, org_b):
    headers = [h for h in TEACHER_HEADERS if h != "Организация"]
    row = [v for h, v in zip(TEACHER_HEADERS, teacher_row(org_a), strict=True) if h != "Организация"]
    result = TeacherImporter(school_a, organisation=org_a).run(
        upload(xlsx_bytes(headers, [row])), dry_run=False
    )
    assert result.ok and Teacher.objects.get().organisation == org_a

    result = parse(school_a, [teacher_row(org_b, 2)], organisation=org_a)
    assert not result.ok
    assert str(result.errors[0]).startswith("Строка 2, столбец «Организация»:")
    assert Teacher.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "column", "words"),
    [
        ({"Организация": "МБОУ СОШ № 999"}, "Организация", "не найдена"),
        ({"Общий стаж, лет": "двенадцать"}, "Общий стаж, лет", "ожидается целое число"),
        ({"Фамилия": '=HYPERLINK("http://evil.example","x")'}, "Фамилия", "формул"),
        ({"Отчество": "@SUM(A1)"}, "Отчество", "формул"),
        ({"Электронная почта": "не-почта"}, "Электронная почта", "не адрес"),
        ({"Квалификационная категория": "Сверхвысшая"}, "Квалификационная категория", "нет такого значения"),
        ({"Педагогический стаж, лет": 20}, "Педагогический стаж, лет", "больше общего"),
        ({"Фамилия": ""}, "Фамилия", "не заполнено"),
    ],
)
def test_bad_cells_name_row_and_column(methodist, org_a, overrides, column, words):
    result = parse(methodist, [teacher_row(org_a, 1), teacher_row(org_a, 2, **overrides)])
    assert not result.ok
    messages = [str(e) for e in result.errors]
    assert any(m.startswith(f"Строка 3, столбец «{column}»") and words in m for m in messages), messages


def test_duplicate_email_in_file_and_in_registry(methodist, org_a):
    Teacher.objects.create(last_name="Есть", first_name="Уже", organisation=org_a, email="taken@example.org")
    result = parse(
        methodist,
        [
            teacher_row(org_a, 1),
            teacher_row(org_a, 1),
            teacher_row(org_a, 3, **{"Электронная почта": "Taken@example.org"}),
        ],
    )
    messages = [str(e) for e in result.errors]
    assert (
        "Строка 3, столбец «Электронная почта»: «t1@example.org» уже встречается в строке 2 этого файла."
        in messages
    )
    assert any(
        m.startswith("Строка 4, столбец «Электронная почта»") and "уже есть в реестре" in m for m in messages
    )


def test_wrong_columns_are_refused(methodist, org_a):
    headers = [*TEACHER_HEADERS[:-3], "Паспорт", *TEACHER_HEADERS[-2:]]
    with pytest.raises(
        ImportRefused, match="нет обязательных столбцов: «Электронная почта»|неизвестные столбцы"
    ):
        parse(methodist, [teacher_row(org_a)], headers=headers)
    with pytest.raises(ImportRefused, match=r"неизвестные столбцы: «Паспорт» \(столбец J\)"):
        parse(methodist, [teacher_row(org_a)], headers=headers)


def test_row_limit(methodist, org_a, settings):
    settings.IMPORT_MAX_ROWS = 3
    with pytest.raises(ImportRefused, match="больше 3 строк"):
        parse(methodist, [teacher_row(org_a, n) for n in range(4)])


def test_oversized_and_disguised_files_are_refused(methodist, settings):
    importer = TeacherImporter(methodist)
    big = upload(b"PK" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ImportRefused, match="слишком большой"):
        importer.parse(big)
    with pytest.raises(ImportRefused, match="исполняемая программа"):
        importer.parse(upload(b"MZ\x90\x00" + b"\x00" * 2000, name="teachers.xlsx"))
    buffer = io.BytesIO(xlsx_bytes(TEACHER_HEADERS, []))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    with pytest.raises(ImportRefused, match="содержит макросы"):
        importer.parse(upload(buffer.getvalue(), name="teachers.xlsx"))


def test_template_round_trips(methodist):
    content = TeacherImporter(methodist).template()
    wb = load_workbook(io.BytesIO(content))
    assert [c.value for c in wb.active[1]] == TEACHER_HEADERS
    assert wb.sheetnames[1:] == ["Пример", "Пояснения"]


def test_import_page_preview_then_commit(client_for, org_a, methodist):
    client = client_for("school_a")
    url = reverse("mentors:teacher_import")
    headers = [h for h in TEACHER_HEADERS if h != "Организация"]
    rows = [
        [v for h, v in zip(TEACHER_HEADERS, teacher_row(org_a, n), strict=True) if h != "Организация"]
        for n in range(3)
    ]
    response = client.post(url, {"file": upload(xlsx_bytes(headers, rows))})
    assert response.status_code == 200
    assert "Проверка пройдена: 3 строки готовы к загрузке" in response.content.decode()
    assert not Teacher.objects.exists()
    token = response.context["token"]
    response = client.post(url, {"token": token})
    assert response.status_code == 302
    assert Teacher.objects.filter(organisation=org_a).count() == 3
    # the same token cannot be committed twice
    client.post(url, {"token": token})
    assert Teacher.objects.count() == 3


def test_import_page_shows_errors_and_writes_nothing(client_for, org_a):
    client = client_for("methodist")
    response = client.post(
        reverse("mentors:teacher_import"),
        {
            "file": upload(
                xlsx_bytes(TEACHER_HEADERS, [teacher_row(org_a, 1, **{"Общий стаж, лет": "много"})])
            )
        },
    )
    text = response.content.decode()
    assert "Импорт невозможен" in text and "Строка 2, столбец «Общий стаж, лет»" in text
    assert "token" not in response.context or not response.context.get("token")
    assert not Teacher.objects.exists()


def test_official_may_not_import(client_for):
    assert client_for("official").get(reverse("mentors:teacher_import")).status_code == 403


def test_big_file_is_checked_and_written_by_a_background_job_with_progress(client_for, org_a, monkeypatch):
    """Above the request's limit the rows are only counted: the job checks and writes them, all or none."""
    from salsk_mentoring.imports import views as import_views
    from salsk_mentoring.models import Job

    monkeypatch.setattr(import_views, "BACKGROUND_ROWS", 2)
    client = client_for("methodist")
    url = reverse("mentors:teacher_import")
    rows = [teacher_row(org_a, n) for n in range(3)]
    response = client.post(url, {"file": upload(xlsx_bytes(TEACHER_HEADERS, rows))})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE and job.progress == job.total == 3
    assert Teacher.objects.count() == 3
    assert not list(stored_files(default_storage, "imports"))  # the file is gone with the job


def test_big_file_with_errors_fails_its_job_naming_rows_and_writes_nothing(client_for, org_a, monkeypatch):
    from salsk_mentoring.imports import views as import_views
    from salsk_mentoring.models import Job

    monkeypatch.setattr(import_views, "BACKGROUND_ROWS", 2)
    client = client_for("methodist")
    rows = [teacher_row(org_a, 1), teacher_row(org_a, 2), teacher_row(org_a, 3, **{"Общий стаж, лет": "много"})]
    client.post(reverse("mentors:teacher_import"), {"file": upload(xlsx_bytes(TEACHER_HEADERS, rows))})
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "Строка 4, столбец «Общий стаж, лет»" in job.message and "ничего не записано" in job.message
    assert Teacher.objects.count() == 0


# --- update mode: a staff list sent again changes the teachers it names --------------------------------


def test_update_mode_changes_known_rows_adds_new_ones_and_skips_unchanged(methodist, org_a):
    changed = Teacher.objects.create(
        last_name="Иванова", first_name="Мария", organisation=org_a, position="учитель",
        total_experience=11, teaching_experience=9, email="t1@example.org", phone="старый",
    )  # fmt: skip
    importer = TeacherImporter(methodist, update=True)
    same = importer.run(upload(xlsx_bytes(TEACHER_HEADERS, [teacher_row(org_a, 2)])), dry_run=False)
    assert same.ok and same.created == 1
    rows = [
        teacher_row(org_a, 1, **{"Квалификационная категория": "Высшая"}),  # t1: changes
        teacher_row(org_a, 2),  # t2: exactly as in the registry
        teacher_row(org_a, 3),  # t3: new
    ]
    result = TeacherImporter(methodist, update=True).run(upload(xlsx_bytes(TEACHER_HEADERS, rows)), dry_run=False)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    changed.refresh_from_db()
    assert changed.category == Teacher.Category.HIGHEST and changed.total_experience == 12
    assert changed.phone == "+7 (86372) 5-00-00"
    assert "петровна" in changed.search_text and "математика" in changed.search_text  # bulk_update kept it
    record = changed.history.latest()
    assert record.history_type == "~" and record.history_user == methodist
    assert record.history_change_reason == "Импорт из XLSX"
    assert Teacher.objects.get(email="t2@example.org").history.count() == 1  # unchanged: no new record
    assert Teacher.objects.count() == 3


def test_update_mode_keeps_columns_missing_from_the_file(methodist, org_a):
    teacher = Teacher.objects.create(
        last_name="Иванова", first_name="Мария", organisation=org_a, position="учитель",
        total_experience=12, teaching_experience=10, email="t1@example.org", phone="8 (86372) 1-11-11",
    )  # fmt: skip
    headers = [h for h in TEACHER_HEADERS if h != "Телефон"]
    row = [v for h, v in zip(TEACHER_HEADERS, teacher_row(org_a, 1, Должность="завуч"), strict=True) if h != "Телефон"]
    result = TeacherImporter(methodist, update=True).run(upload(xlsx_bytes(headers, [row])), dry_run=False)
    assert result.ok and result.updated == 1
    teacher.refresh_from_db()
    assert teacher.position == "завуч" and teacher.phone == "8 (86372) 1-11-11"


def test_school_cannot_update_another_schools_teacher_and_nothing_is_written(school_a, org_a, org_b):
    other = Teacher.objects.create(
        last_name="Чужая", first_name="Анна", organisation=org_b, position="учитель",
        total_experience=5, teaching_experience=5, email="t1@example.org",
    )  # fmt: skip
    headers = [h for h in TEACHER_HEADERS if h != "Организация"]
    rows = [
        [v for h, v in zip(TEACHER_HEADERS, teacher_row(org_a, n), strict=True) if h != "Организация"]
        for n in (1, 2)
    ]
    result = TeacherImporter(school_a, organisation=org_a, update=True).run(
        upload(xlsx_bytes(headers, rows)), dry_run=False
    )
    assert not result.ok
    assert [str(e) for e in result.errors] == [
        "Строка 2, столбец «Электронная почта»: «t1@example.org» уже есть в реестре у другой организации; "
        "изменить эту запись может только её организация или методист."
    ]
    other.refresh_from_db()
    assert other.last_name == "Чужая" and other.organisation == org_b
    assert Teacher.objects.count() == 1


def test_import_page_update_checkbox_preview_and_message(client_for, org_a):
    Teacher.objects.create(
        last_name="Иванова", first_name="Мария", organisation=org_a, position="учитель",
        total_experience=12, teaching_experience=10, email="t1@example.org",
    )  # fmt: skip
    client = client_for("methodist")
    url = reverse("mentors:teacher_import")
    assert "Обновить существующие записи" in client.get(url).content.decode()
    content = xlsx_bytes(TEACHER_HEADERS, [teacher_row(org_a, 1, Должность="завуч"), teacher_row(org_a, 2)])
    # without the tick a known e-mail is a duplicate, as before
    response = client.post(url, {"file": upload(content)})
    assert "уже есть в реестре" in response.content.decode() and not response.context.get("token")
    response = client.post(url, {"file": upload(content), "update": "1"})
    text = response.content.decode()
    assert "Будет добавлено: 1; обновлено: 1; без изменений: 0." in text
    assert "<td>обновление</td>" in text and "<td>новая</td>" in text
    assert "<td>Первая</td>" in text  # a choice is shown by its label, as typed, not by its stored code
    assert "Записать: добавить 1, обновить 1" in text
    response = client.post(url, {"token": response.context["token"]}, follow=True)
    assert "добавлено записей — 1, обновлено — 1, без изменений — 0." in response.content.decode()
    assert Teacher.objects.get(email="t1@example.org").position == "завуч"
    assert Teacher.objects.count() == 2
