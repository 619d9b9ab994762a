"""The one XLSX writer: a workbook an official can hand on.

On the sheet: a title block (what the list is, which filter made it, when and by whom), a blank row, the header
row — frozen, with an autofilter — then the rows. Dates are date cells shown ДД.ММ.ГГГГ, numbers are numbers,
yes/no is «да»/«нет», nothing is cut short and no HTML gets in. A text that Excel would take for a formula
(starting with ``= + - @``, a tab or CR) is stored as text with Excel's «text» prefix flag: it never runs, not
even after someone edits the cell. Column widths follow the data. The import of a registry reads such a file
back (it finds the header row under the title block), so export → edit in Excel → import updates the records.

openpyxl (``write_only``) makes the frame of the workbook — the styles, the column widths, the frozen header, the
autofilter, the title block and the header row; the rows under the header are written here as sheet XML
(:func:`_body`) and put into the frame's sheet: openpyxl makes an object for every cell it writes (several for
a styled one), which costs more than the values themselves (docs/performance.md, «Выгрузки и отчёты»).
"""

import datetime
import io
import math
import re
import zipfile
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from .listing import Column, Listing, kind_of, plain

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
TITLE_ROWS = 4  # title, filter, made, blank: the header is row 5
MAX_WIDTH = 60
MAX_TEXT = 32767  # the most characters an Excel cell holds
#: The height of a line of text in a row (Excel's default row, 11 pt text). A row whose wrapped text takes more
#: lines gets that many: LibreOffice Calc keeps a row without a height at one line, so the rest of a long text
#: hid under the next row (the header «Электронная почта наставника» over the first row).
LINE_PT = 15
CHUNK_ROWS = 2000  # rows written to the file at a time (and the step of ``progress``)

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
    for i, values in enumerate(zip(*rows, strict=True)):
        texts = [v for v in values if isinstance(v, str)]
        others = [v for v in values if v is not None and not isinstance(v, str)]
        joined = "\n".join(texts)  # the longest line of any text: one split, not one per cell
        widths[i] = max([widths[i], *(map(len, joined.split("\n")) if texts else ()), *map(_width, others)])
    column_widths = [max(8, min(MAX_WIDTH, width + 2)) for width in widths]
    for i, width in enumerate(column_widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    long_text = [w > MAX_WIDTH for w in widths]  # wrapped: a column as wide as MAX_WIDTH shows all of it
    last = get_column_letter(max(columns, 1))
    header_row = TITLE_ROWS + 1
    # The header's bold letters are wider: a tenth fewer of them on a line.
    header_lines = max(
        (lines_of(c.header, w * 0.9) for c, w in zip(listing.columns, column_widths, strict=True)), default=1
    )
    if header_lines > 1:
        ws.row_dimensions[header_row].height = LINE_PT * header_lines
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(len(rows), 1)}"
    ws.print_title_rows = f"{header_row}:{header_row}"

    def styled(value=None, **style):
        cell = WriteOnlyCell(ws, value=value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    ws.append([styled(listing.title, font=_TITLE_FONT)])
    ws.append([listing.filter_line])
    ws.append([f"{listing.made_line}. {listing.count_line}."])
    ws.append([])
    ws.append([
        styled(column.header, data_type="s", font=_HEADER_FONT, fill=_HEADER_FILL, border=_HEADER_BORDER,
               alignment=_WRAP_TOP)
        for column in listing.columns
    ])
    # The styles of the body's cells, by what a cell needs: registered in the workbook (its styles part lists
    # them), their numbers written in the rows' XML.
    style_ids = {
        kind: styled(**style).style_id
        for kind, style in {
            "date": {"number_format": DATE_FORMAT},
            "datetime": {"number_format": DATETIME_FORMAT},
            (True, False): {"quotePrefix": True},
            (False, True): {"alignment": _WRAP_TOP},
            (True, True): {"quotePrefix": True, "alignment": _WRAP_TOP},
        }.items()
    }
    frame = io.BytesIO()
    wb.save(frame)
    body = _body(rows, header_row + 1, long_text, column_widths, style_ids, progress)
    return _with_body(frame, ws.path.lstrip("/"), body)


def _with_body(frame: io.BytesIO, sheet: str, body) -> bytes:
    """The workbook ``frame`` with the XML chunks of ``body`` at the end of its ``sheet``'s rows."""
    out = io.BytesIO()
    with zipfile.ZipFile(frame) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != sheet:
                target.writestr(info, data)
                continue
            head, end, tail = data.partition(b"</sheetData>")
            if not end:
                raise ValueError(f"{sheet}: no rows element")
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with target.open(entry, "w") as stream:
                stream.write(head)
                for chunk in body:
                    stream.write(chunk)
                stream.write(end + tail)
    return out.getvalue()


_ESCAPE = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}  # a control character Excel can't hold: none


def _escape(match) -> str:
    return _ESCAPED.get(match.group(), "")


def lines_of(text: str, width: float) -> int:
    """The lines ``text`` takes wrapped in a column ``width`` characters wide (Excel's unit), broken at the spaces
    as a spreadsheet breaks it; a word longer than a line takes as many lines as it fills."""
    room = max(1, int(width) - 1)  # the cell's margins
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) <= room:
                used += 1 + len(word)
                continue
            if used:
                lines += 1
            extra = (len(word) - 1) // room  # a word wider than the column goes on over the next lines
            lines += extra
            used = len(word) - extra * room
    return max(lines, 1)


def _body(rows, first: int, wrap_column, widths, style_ids, progress):
    """The rows as sheet XML (UTF-8), ``CHUNK_ROWS`` rows a chunk; a written row is let go. The cells are what
    openpyxl writes for the same values: inline strings, numbers, dates as serial numbers with a date style; a
    row with wrapped text is as high as its tallest cell (:data:`LINE_PT` a line)."""
    letters = [get_column_letter(i) for i in range(1, len(wrap_column) + 1)]
    date_style, datetime_style = style_ids["date"], style_ids["datetime"]
    total = len(rows)
    parts = []
    for index in range(total):
        row, rows[index] = rows[index], None
        number = first + index
        start = len(parts)
        parts.append(f'<row r="{number}">')
        lines = 1
        for column, value in enumerate(row):
            if value is None:
                continue
            ref = f"{letters[column]}{number}"
            if isinstance(value, str):
                # Text stays text: «=HYPERLINK(…)» typed by a user never becomes a formula, and with quotePrefix
                # it stays text when someone edits the cell in Excel; a long or multi-line text is wrapped.
                wrapped = wrap_column[column] or "\n" in value
                if wrapped:
                    lines = max(lines, lines_of(value, widths[column]))
                style = style_ids.get((value.startswith(FORMULA_PREFIXES), wrapped))
                styled = f' s="{style}"' if style else ""
                space = ' xml:space="preserve"' if value != value.strip() else ""
                text = _ESCAPE.sub(_escape, value[:MAX_TEXT])
                parts.append(f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif isinstance(value, bool):
                parts.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float)):
                parts.append(f'<c r="{ref}" t="n"><v>{_number(value)}</v></c>')
            elif isinstance(value, datetime.date):
                style = datetime_style if isinstance(value, datetime.datetime) else date_style
                parts.append(f'<c r="{ref}" s="{style}" t="n"><v>{_number(to_excel(value))}</v></c>')
            else:
                raise TypeError(f"{ref}: {type(value).__name__} is not a cell value")
        if lines > 1:
            parts[start] = f'<row r="{number}" ht="{LINE_PT * lines}" customHeight="1">'
        parts.append("</row>")
        if (index + 1) % CHUNK_ROWS == 0:
            yield "".join(parts).encode()
            parts.clear()
            if progress is not None:
                progress(index + 1, total)
    yield "".join(parts).encode()


def _number(value) -> str:
    """A number as openpyxl writes it; not a number or an infinity as an empty value."""
    return f"{value:.16g}" if math.isfinite(value) else ""


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
