"""Building XLSX files for import tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

TEACHER_HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Организация",
    "Должность",
    "Предметы",
    "Квалификационная категория",
    "Общий стаж, лет",
    "Педагогический стаж, лет",
    "Электронная почта",
    "Телефон",
    "Работает",
]


def xlsx_bytes(headers, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="import.xlsx"):
    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def teacher_row(org, n=1, **overrides):
    row = {
        "Фамилия": "Иванова",
        "Имя": "Мария",
        "Отчество": "Петровна",
        "Организация": org.short_name,
        "Должность": "учитель",
        "Предметы": "математика",
        "Квалификационная категория": "Первая",
        "Общий стаж, лет": 12,
        "Педагогический стаж, лет": 10,
        "Электронная почта": f"t{n}@example.org",
        "Телефон": "+7 (86372) 5-00-00",
        "Работает": "да",
    }
    row.update(overrides)
    return [row[h] for h in TEACHER_HEADERS]
