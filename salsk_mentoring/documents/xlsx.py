"""The one XLSX writer: a workbook an official can hand on.

On the sheet: a title block (what the list is, which filter made it, when and by whom), a blank row, the header
row — frozen, with an autofilter — then the rows. Dates are date cells shown ДД.ММ.ГГГГ, numbers are numbers,
yes/no is «да»/«нет», nothing is cut short and no HTML gets in. A text that Excel would take for a formula
(starting with ``= + - @``, a tab or CR) is stored as text with Excel's «text» prefix flag: it never runs, not
even after someone edits the cell. Column widths follow the data. The import of a registry reads such a file
back (it finds the header row under the title block), so export → edit in Excel → import updates the records.
"""

import datetime
import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from .listing import Column, Listing, kind_of, plain

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
TITLE_ROWS = 4  # title, filter, made, blank: the header is row 5
MAX_WIDTH = 60

_thin = Side(style="thin", color="808080")
_TITLE_FONT = Font(bold=True, size=13)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
_HEADER_BORDER = Border(bottom=_thin, top=_thin, left=_thin, right=_thin)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def cell_value(value):
    """A value as stored in a cell: typed (dates, numbers), text otherwise; empty as an empty cell. The values
    of a :class:`Listing` are already plain (:func:`.listing.plain`); anything else is made plain first."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return float(value)
    if not isinstance(value, (str, int, float, datetime.date)):
        return plain(value)
    return value


def _width(value) -> int:
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    text = str(value)
    return max((len(line) for line in text.split("\n")), default=0)


def listing_xlsx(listing: Listing, progress=None) -> bytes:
    """The workbook of a :class:`Listing`; ``progress(done, total)`` every 2,000 rows written."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(listing.title))
    columns = len(listing.columns)
    rows = [[cell_value(v) for v in row] for row in listing.rows]
    widths = [len(c.header) * 0.9 for c in listing.columns]
    # Column by column: the widths, and which columns can hold a cell that needs more than its value (a date, a
    # text Excel would take for a formula, a wrapped text) — the others go to openpyxl as they are.
    maybe_special = []
    for i, values in enumerate(zip(*rows, strict=True)):
        texts = [v for v in values if isinstance(v, str)]
        others = [v for v in values if v is not None and not isinstance(v, str)]
        joined = "\n".join(texts)  # the longest line of any text: one split, not one per cell
        widths[i] = max([widths[i], *(map(len, joined.split("\n")) if texts else ()), *map(_width, others)])
        # Every text starts at the start of ``joined`` or after a "\n": a column without a match, no text of
        # several lines and no date needs no check of its cells.
        if (widths[i] > MAX_WIDTH or _FORMULA_START.search(joined) or (texts and joined.count("\n") >= len(texts))
                or any(isinstance(v, datetime.date) for v in others)):
            maybe_special.append(i)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(MAX_WIDTH, width + 2))
    long_text = {i for i, w in enumerate(widths) if w > MAX_WIDTH}
    last = get_column_letter(max(columns, 1))
    header_row = TITLE_ROWS + 1
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(len(rows), 1)}"
    ws.print_title_rows = f"{header_row}:{header_row}"

    def text_cell(value, font=None):
        cell = WriteOnlyCell(ws, value=value)
        if font is not None:
            cell.font = font
        return cell

    ws.append([text_cell(listing.title, _TITLE_FONT)])
    ws.append([text_cell(listing.filter_line)])
    ws.append([text_cell(f"{listing.made_line}. {listing.count_line}.")])
    ws.append([])
    # A special cell's style (wrapped, a date, text kept as text) is set once per kind and copied: openpyxl
    # hashes an alignment or a number format and looks it up for every cell it is set on (a list with a long
    # text column — the organisations' full names — has one on every row).
    styles = {}
    header = []
    for column in listing.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.data_type = "s"
        cell.font, cell.fill, cell.border, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_BORDER, _WRAP_TOP
        header.append(cell)
    ws.append(header)
    total = len(rows)
    for index in range(total):
        row, rows[index] = rows[index], None  # written rows are let go
        # A plain number or text goes in as it is (openpyxl writes it as fast as it can); a WriteOnlyCell only
        # where the cell needs more: a date format, text that looks like a formula, wrapping.
        for i in maybe_special:
            value = row[i]
            if isinstance(value, datetime.date) or (isinstance(value, str) and _special(value, i in long_text)):
                row[i] = _cell(ws, value, i in long_text, styles)
        ws.append(row)
        if progress is not None and (index + 1) % 2000 == 0:
            progress(index + 1, total)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


_FORMULA_START = re.compile(r"(?:\A|\n)[=+\-@\t\r]")  # FORMULA_PREFIXES at the start of a line


def _special(text: str, wrap: bool) -> bool:
    """Text that needs a cell of its own: Excel would take it for a formula, or it is wrapped."""
    return wrap or text.startswith(FORMULA_PREFIXES) or "\n" in text


def _cell(ws, value, wrap, styles):
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text: «=HYPERLINK(…)» typed by a user never becomes a formula
        # quotePrefix: it stays text when someone edits the cell in Excel
        kind = ("text", value.startswith(FORMULA_PREFIXES), wrap or "\n" in value)
    else:
        kind = ("datetime",) if isinstance(value, datetime.datetime) else ("date",)
    style = styles.get(kind)
    if style is None:  # made on first use, in the order cells need them (the file is as before, byte for byte)
        if kind[0] == "text":
            if kind[1]:
                cell.quotePrefix = True
            if kind[2]:
                cell.alignment = _WRAP_TOP
        else:
            cell.number_format = DATETIME_FORMAT if kind[0] == "datetime" else DATE_FORMAT
        styles[kind] = style = cell._style
    cell._style = StyleArray(style)
    return cell


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31].strip() or "Лист1"


def write_rows(rows, *, title: str, headers: list[str], filters=(), author: str = "", progress=None) -> bytes:
    """A workbook of plain rows under ``headers`` (the kinds of the columns are read from the values);
    ``progress`` as :func:`listing_xlsx`'s."""
    rows = [[plain(v) for v in row] for row in rows]
    columns = [Column(str(h), kind_of(row[i] for row in rows if i < len(row))) for i, h in enumerate(headers)]
    rows = [(row + [None] * len(headers))[: len(headers)] for row in rows]
    return listing_xlsx(
        Listing(title=title, columns=columns, rows=rows, filters=list(filters), author=author), progress=progress
    )
