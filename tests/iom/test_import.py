"""Import of IOM rows from XLSX: dry run, per-row Russian errors, all or nothing, only editable IOMs."""

import io

from django.test import Client
from openpyxl import load_workbook

from iom.models import Iom
from tests.mentors.xlsx import upload, xlsx_bytes

HEADERS = [
    "№ п/п",
    "Направление развития / профессиональный дефицит",
    "Задачи",
    "Мероприятия",
    "Форма",
    "Срок",
    "Форма отчётности",
    "Ожидаемый результат",
]
GOOD = [
    [
        1,
        "Планирование урока",
        "Технологическая карта",
        "Посещение уроков наставника",
        "Посещение уроков наставника и коллег",
        "31.01.2022",
        "Лист посещения",
        "Урок по ФГОС",
    ],
    [
        2,
        "Профессиональное развитие",
        "",
        "Курсы ПК по ФР ДПП",
        "Курсы повышения квалификации",
        "31.03.2022",
        "Удостоверение",
        "Функциональная грамотность",
    ],
]


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_template_download_has_the_columns(world):
    response = login(world["school_a"]).get(f"/iom/{world['iom_a'].pk}/import/template/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADERS


def test_dry_run_then_commit_appends_rows(world):
    iom = world["iom_a"]
    client = login(world["school_a"])
    response = client.post(f"/iom/{iom.pk}/import/", {"file": upload(xlsx_bytes(HEADERS, GOOD))})
    assert response.status_code == 200
    assert "Проверка пройдена" in response.content.decode()
    assert not iom.rows.exists()  # dry run writes nothing
    token = response.context["token"]
    response = client.post(f"/iom/{iom.pk}/import/", {"token": token})
    assert response.status_code == 302 and response["Location"] == iom.get_absolute_url()
    assert list(iom.rows.order_by("position").values_list("activity", flat=True)) == [
        "Посещение уроков наставника",
        "Курсы ПК по ФР ДПП",
    ]
    row = iom.rows.get(position=1)
    assert row.form == "visit" and row.history.first().history_user == world["school_a"]


def test_errors_name_row_and_column_and_nothing_is_written(world):
    iom = world["iom_a"]
    bad = [
        GOOD[0],
        [3, "Методика", "", "Открытый урок", "Вебинар", "15.02.2022", "", ""],
        [4, '=HYPERLINK("http://x")', "", "Урок", "", "01.02.2022", "", ""],
        [5, "Методика", "", "Открытый урок", "Открытый урок / занятие", "15.10.2022", "", ""],
    ]
    response = login(world["school_a"]).post(
        f"/iom/{iom.pk}/import/", {"file": upload(xlsx_bytes(HEADERS, bad))}
    )
    page = response.content.decode()
    assert "Импорт невозможен" in page
    assert "Строка 3, столбец «Форма»: «Вебинар» — нет такого значения" in page
    assert "Строка 5, столбец «Срок»: Срок 15.10.2022 выходит за пределы 2021-2022 учебного года" in page
    assert "Строка 4, столбец «Направление развития / профессиональный дефицит»" in page and "формул" in page
    assert "token" not in response.context or not response.context.get("token")
    assert not iom.rows.exists()


def test_wrong_columns_and_wrong_file_are_refused(world):
    iom = world["iom_a"]
    client = login(world["school_a"])
    response = client.post(
        f"/iom/{iom.pk}/import/", {"file": upload(xlsx_bytes(["Что", "Когда"], [["a", "b"]]))}
    )
    assert "Неверные столбцы" in response.content.decode()
    response = client.post(f"/iom/{iom.pk}/import/", {"file": upload(b"MZ\x90\x00" + b"\x00" * 200)})
    assert "Файл не принят" in response.content.decode()
    assert not iom.rows.exists()


def test_approved_iom_refuses_the_import(world):
    iom = world["iom_submitted_a"]
    iom.status = Iom.Status.APPROVED
    iom.save()
    response = login(world["school_a"]).post(
        f"/iom/{iom.pk}/import/", {"file": upload(xlsx_bytes(HEADERS, GOOD))}
    )
    assert response.status_code == 403
    assert "строки загружаются только в черновик" in response.content.decode()
    assert iom.rows.count() == 1
