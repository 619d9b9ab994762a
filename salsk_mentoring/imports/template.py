"""The XLSX template a user downloads to fill in: the data sheet with the columns' headers only, a sheet
«Пример» with a filled-in row, and a sheet «Пояснения» saying what to write in each column.

The example is kept apart so that it can never be imported: the reader reads the first sheet only, and
skips a row that repeats the example (a template downloaded before the example had its own sheet carried
it in row 2 of the data sheet; see :func:`is_example_row`)."""

import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .columns import Column, normalise

EXAMPLE_SHEET = "Пример"
NOTES_SHEET = "Пояснения"


def _header(ws, columns: list[Column], bold: Font):
    for i, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=column.header)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(i)].width = max(14, min(45, len(column.header) + 4))
    ws.freeze_panes = "A2"


def template_workbook(title: str, columns: list[Column]) -> bytes:
    wb = Workbook()
    bold = Font(bold=True)
    ws = wb.active
    ws.title = (title or "Импорт")[:31]
    _header(ws, columns, bold)
    example = wb.create_sheet(EXAMPLE_SHEET)
    _header(example, columns, bold)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for i, column in enumerate(columns, start=1):
        cell = example.cell(row=2, column=i, value=column.example)
        cell.data_type = "s" if isinstance(column.example, str) else cell.data_type
        cell.fill = grey
    example.cell(row=4, column=1, value="Это образец заполнения: лист «Пример» не загружается.")
    notes = wb.create_sheet(NOTES_SHEET)
    notes.append(["Столбец", "Обязательный", "Что писать"])
    for cell in notes[1]:
        cell.font = bold
    for column in columns:
        notes.append([column.header, "да" if column.required else "нет", column.describe()])
    notes.append([])
    notes.append([
        f"Данные вписывайте на первый лист «{ws.title}» со второй строки, не меняя заголовки. "
        f"Лист «{EXAMPLE_SHEET}» — образец заполнения, он не загружается."
    ])  # fmt: skip
    notes.column_dimensions["A"].width = 34
    notes.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _same(cell, example) -> bool:
    if isinstance(cell, datetime) and isinstance(example, date) and not isinstance(example, datetime):
        cell = cell.date()
    return cell == example or normalise(cell) == normalise(example)


def is_example_row(raw, positions: dict, columns: list[Column]) -> bool:
    """Whether a row of the data sheet repeats the template's example (at least two filled-in examples)."""
    compared = 0
    for column in columns:
        if column.example in (None, ""):
            continue
        index = positions.get(column.key)
        if index is None:  # a column the file leaves out (a school's organisation)
            continue
        cell = raw[index] if index < len(raw) else None
        if not _same(cell, column.example):
            return False
        compared += 1
    return compared >= 2
