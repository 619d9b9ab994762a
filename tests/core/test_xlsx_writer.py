"""The one XLSX writer (salsk_mentoring.documents.xlsx) cell by cell, as Excel (here openpyxl) reads the file back:
typed numbers and dates, wrapped long and multi-line text, text that looks like a formula kept as text, markup
characters and spaces as written. The rows under the header are written as sheet XML by the writer itself, not
by openpyxl's cell objects, so each promise is checked on the file."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from salsk_mentoring.documents.listing import Column, Listing
from salsk_mentoring.documents.xlsx import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    LINE_PT,
    MAX_WIDTH,
    TITLE_ROWS,
    lines_of,
    listing_xlsx,
)


def written(rows, headers=("Первый", "Второй"), progress=None):
    """The sheet of a listing of ``rows``, and its body's cells by row."""
    listing = Listing(title="Проба", columns=[Column(h) for h in headers], rows=[list(r) for r in rows])
    sheet = load_workbook(io.BytesIO(listing_xlsx(listing, progress=progress))).worksheets[0]
    return sheet, [list(row) for row in sheet.iter_rows(min_row=TITLE_ROWS + 2)]


def test_numbers_and_dates_are_typed_cells():
    day, moment = datetime.date(2021, 11, 15), datetime.datetime(2021, 12, 1, 10, 30)
    _, body = written([(12, day), (2.5, moment), (Decimal("0.1"), None)])
    (number, date), (fraction, date_time), (decimal, empty) = body
    assert (number.value, number.data_type) == (12, "n")
    assert (fraction.value, decimal.value) == (2.5, 0.1)
    assert date.value == datetime.datetime(2021, 11, 15) and date.number_format == DATE_FORMAT
    assert date_time.value == moment and date_time.number_format == DATETIME_FORMAT
    assert empty.value is None


def test_long_text_and_text_of_several_lines_are_wrapped_the_rest_is_not():
    long = "Муниципальное бюджетное общеобразовательное учреждение средняя школа № 1 г. Сальска"
    sheet, body = written([(long, "одна строка"), ("коротко", "две\nстроки")])
    (long_cell, one_line), (short_in_long_column, two_lines) = body
    assert sheet.column_dimensions["A"].width == MAX_WIDTH
    for cell in (long_cell, short_in_long_column, two_lines):  # the whole column of a long text is wrapped
        assert cell.alignment.wrap_text and cell.alignment.vertical == "top", cell.coordinate
    assert not one_line.alignment.wrap_text
    assert two_lines.value == "две\nстроки"


def test_text_excel_would_take_for_a_formula_stays_text():
    texts = ['=HYPERLINK("http://evil","x")', "+7 900", "-1", "@SUM(A1)", "\tотступ", "\rвозврат"]
    _, body = written([(text, "обычный текст") for text in texts])
    for (cell, plain), text in zip(body, texts, strict=True):
        assert (cell.value, cell.data_type) == (text, "s")
        assert cell.quotePrefix, text  # stays text when the cell is edited in Excel
        assert not plain.quotePrefix


def test_markup_characters_and_spaces_come_back_as_written():
    texts = ["ООО «Рога & копыта» <b>", "  с пробелами  ", "строка\r\nследующая"]
    _, body = written([(text, None) for text in texts])
    assert [row[0].value for row in body] == texts


def test_characters_excel_cannot_hold_are_left_out():
    """A control character pasted into a record (openpyxl refused the whole file for one)."""
    _, body = written([("на\x00зва\x1fние", "\x0bтекст")])
    assert [cell.value for cell in body[0]] == ["название", "текст"]


def test_progress_is_reported_every_two_thousand_rows():
    calls = []
    _, body = written([(i, "x") for i in range(4500)], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(2000, 4500), (4000, 4500)]
    assert len(body) == 4500 and [body[0][0].value, body[-1][0].value] == [0, 4499]


def test_a_row_of_wrapped_text_is_as_high_as_its_lines_the_header_too():
    """LibreOffice Calc keeps a row without a height at one line: the rest of a wrapped text hid under the next
    row. Rows of wrapped text (and a header that wraps) carry their height; the other rows none."""
    long = " ".join(["Сопровождение молодых специалистов, проектная деятельность, конкурсы мастерства"] * 2)
    sheet, body = written([("коротко", long), ("одна", "две\nстроки"), ("одна", "строка")],
                          headers=("Электронная почта наставника педагогического коллектива", "Второй"))
    header, first = TITLE_ROWS + 1, TITLE_ROWS + 2
    width = sheet.column_dimensions["B"].width
    assert width == MAX_WIDTH and len(long) > 2 * width
    assert sheet.row_dimensions[first].height == LINE_PT * lines_of(long, width) >= LINE_PT * 3
    assert sheet.row_dimensions[first + 1].height == LINE_PT * 2
    assert sheet.row_dimensions[first + 2].height is None
    assert sheet.row_dimensions[header].height == LINE_PT * 2  # the first header's words on two lines


def test_lines_are_counted_as_a_spreadsheet_breaks_them():
    assert lines_of("одна", 10) == 1
    assert lines_of("две строки", 8) == 2  # «две строки» needs 10 characters: the second word goes down
    assert lines_of("две\nстроки", 40) == 2
    assert lines_of("а" * 25, 10) == 3  # a word wider than the column goes on over the next lines
