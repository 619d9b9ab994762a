"""XLSX export of any django-tables2 table, with formula injection neutralised."""

import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, (int, float, date, datetime)):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)
        return value
    return str(value)


def write_rows(rows, *, title: str, headers: list[str]) -> bytes:
    """Write a sheet: a bold header row, then the rows. Strings are always stored as text,
    so «=HYPERLINK(...)» typed by a user never becomes a formula in someone else's Excel."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31] or "Лист1")
    widths = [len(h) for h in headers]
    bold = Font(bold=True)

    def make(value, header=False):
        value = cell_value(value)
        cell = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        if isinstance(value, (date, datetime)):
            cell.number_format = "DD.MM.YYYY"
        if header:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    materialised = []
    for row in rows:
        row = list(row)
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], min(60, len(str(cell_value(value)))))
        materialised.append(row)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(8, width + 2)
    ws.freeze_panes = "A2"
    ws.append([make(h, header=True) for h in headers])
    for row in materialised:
        ws.append([make(v) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def table_to_xlsx(table, *, title: str) -> bytes:
    values = iter(table.as_values(exclude_columns=getattr(table, "export_exclude", ())))
    headers = [str(h) for h in next(values)]
    return write_rows(values, title=title, headers=headers)
