"""Importing targets from XLSX: adds and updates in one go, refuses bad rows, changes nothing then."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from monitoring.models import Target
from monitoring.resources import TargetImporter

HEADER = ["Учебный год", "Уровень", "Организация", "Код показателя", "Целевое значение", "Примечание"]


def xlsx(rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(
        "targets.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_import_adds_and_updates(world):
    year, org_a, org_b = world["year"].name, world["org_a"].short_name, world["org_b"].short_name
    upload = xlsx(
        [
            [year, "Организация", org_a, "Т1", "45,5", "уточнено"],  # exists (40) → updated
            [year, "Организация", org_b, "Т1", 50, ""],  # new
            [year, "Сальский район", None, "Т2", 300, ""],  # new district target
            [year, "Регион", None, "Т2", 250, ""],  # new regional value, short label
        ]
    )
    result = TargetImporter(world["methodist"]).run(upload, dry_run=False)
    assert result.ok, [str(e) for e in result.errors]
    world["target_a"].refresh_from_db()
    assert world["target_a"].value == Decimal("45.50") and world["target_a"].note == "уточнено"
    assert Target.objects.get(organisation=world["org_b"], indicator=world["indicator"]).value == Decimal(50)
    assert Target.objects.get(level="district", indicator=world["indicator_count"]).value == Decimal(300)
    assert Target.objects.get(level="region", indicator=world["indicator_count"]).value == Decimal(250)
    assert world["target_a"].history.first().history_change_reason == "Импорт целевых значений из XLSX"


def test_bad_rows_refuse_the_whole_file(world):
    year, org_a = world["year"].name, world["org_a"].short_name
    before = list(Target.objects.values_list("pk", "value"))
    upload = xlsx(
        [
            [year, "Организация", world["org_b"].short_name, "Т1", 30, ""],  # fine alone
            [year, "Организация", org_a, "Т1", 120, ""],  # share over 100 %
            [year, "Организация", org_a, "Т99", 10, ""],  # unknown indicator
            [year, "Сальский район", org_a, "Т2", 10, ""],  # organisation on a district row
            ["2040-2041", "Организация", org_a, "Т2", 10, ""],  # unknown year
            [year, "Организация", org_a, "Т2", "много", ""],  # not a number
            [year, "Организация", org_a, "Т2", -1, ""],  # negative count
        ]
    )
    result = TargetImporter(world["methodist"]).run(upload, dry_run=False)
    messages = [str(e) for e in result.errors]
    assert not result.ok
    assert any("Строка 3" in m and "не может быть больше 100 %" in m for m in messages), messages
    assert any("Строка 4" in m and "«Т99» не найден" in m for m in messages), messages
    assert any("Строка 5" in m and "организация не указывается" in m for m in messages), messages
    assert any("Строка 6" in m and "учебный год «2040-2041» не найден" in m for m in messages), messages
    assert any("Строка 7" in m and "«много» — не число" in m for m in messages), messages
    assert any("Строка 8" in m and "не может быть меньше 0" in m for m in messages), messages
    assert list(Target.objects.values_list("pk", "value")) == before


def test_import_page_previews_then_commits(world, client_for):
    client = client_for("methodist")
    url = reverse("monitoring:target_import")
    upload = xlsx([[world["year"].name, "Организация", world["org_b"].short_name, "Т1", 33, ""]])
    response = client.post(url, {"file": upload})
    assert response.status_code == 200 and response.context["token"]
    assert not Target.objects.filter(organisation=world["org_b"]).exists()
    response = client.post(url, {"token": response.context["token"]}, follow=True)
    assert "Импорт выполнен" in response.content.decode()
    assert Target.objects.get(organisation=world["org_b"]).value == Decimal(33)
    template = client.get(reverse("monitoring:target_import_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
