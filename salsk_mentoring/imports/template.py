"""The XLSX template a user downloads to fill in: the columns' headers, an example row, and a sheet
«Пояснения» saying what to write in each column."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .columns import Column


def template_workbook(title: str, columns: list[Column]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = (title or "Импорт")[:31]
    bold = Font(bold=True)
    for i, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=column.header)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        example = ws.cell(row=2, column=i, value=column.example)
        example.data_type = "s" if isinstance(column.example, str) else example.data_type
        ws.column_dimensions[get_column_letter(i)].width = max(14, min(45, len(column.header) + 4))
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("Пояснения")
    notes.append(["Столбец", "Обязательный", "Что писать"])
    for cell in notes[1]:
        cell.font = bold
    for column in columns:
        notes.append([column.header, "да" if column.required else "нет", column.describe()])
    notes.append([])
    notes.append(["Строка 2 листа с данными — пример; замените или удалите её перед загрузкой."])
    notes.column_dimensions["A"].width = 34
    notes.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
