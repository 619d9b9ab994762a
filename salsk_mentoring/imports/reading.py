"""Reading an uploaded table with work bounded by the file's real content, never by what it declares.

A hostile or broken file must cost the server little and tell the person what is wrong, in Russian:

* :func:`open_book` first tells apart what people really send for .xlsx — an Excel 97–2003 .xls, a password-
  protected workbook (both OLE containers), an OpenDocument .ods, a CSV or HTML page, a truncated or damaged
  archive — and refuses each with its own reason; then the upload checks of ``salsk_mentoring.uploads``
  (size, macros, executables);
* a zip bomb is refused before anything is unpacked: the parts' unpacked sizes are capped
  (``IMPORT_MAX_UNPACKED_MB``; the shared strings and any other part each have their own cap too);
* a sheet's extent is *measured*: before a sheet is parsed, its XML is streamed once through a C regex that
  counts the ``<row>`` and ``<c>`` elements — blank rows count — and stops as soon as either passes its
  limit (``IMPORT_MAX_ROWS`` plus the rows above a header, ``IMPORT_MAX_CELLS``); a sheet's declared
  dimension (``A1:XFD1048576``) is never read;
* while rows are parsed, the row number written in the file is checked too (a single cell in row 1,048,576
  is refused at that row, without padding the rows between), only the columns up to the header's last one
  are kept, and a deadline is checked on every row (:class:`Limits`).

Rows come out as ``(row number in Excel, tuple of values)``; hidden rows and columns are noted on the sheet
(:attr:`Sheet.hidden_rows`, :attr:`Sheet.hidden_columns`) so that the preview can say they were read.
A ``.csv`` file (UTF-8 or Windows-1251, «;», «,» or tab) is read the same way as one sheet.
"""

import csv
import io
import re
import time
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..uploads import SPREADSHEETS, Kind, validate_upload

CSV = Kind("CSV", ("csv",), ("text/csv",))
#: Rows above the header that may hold a title, a date, a note (the header is looked for among them).
HEADER_SEARCH_ROWS = 20
#: Columns kept of a row: a header wider than this is refused (a real import has a dozen).
MAX_COLUMNS = 200
#: An unpacked part other than a sheet or the shared strings (styles, workbook, relations) above this is refused.
MAX_OTHER_PART_MB = 32
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
ROOT_RE = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")
CHUNK = 1 << 20


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why, in Russian."""


def _setting(name, default):
    return getattr(settings, name, default)


@dataclass
class Limits:
    """What one import may cost: rows (blank ones included), cells, unpacked bytes and seconds."""

    rows: int = 0
    cells: int = 0
    unpacked_mb: int = 0
    seconds: float = 0
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def for_request(cls):
        return cls(
            rows=settings.IMPORT_MAX_ROWS,
            cells=_setting("IMPORT_MAX_CELLS", 2_000_000),
            unpacked_mb=_setting("IMPORT_MAX_UNPACKED_MB", 256),
            seconds=_setting("IMPORT_MAX_SECONDS", 30),
        )

    @classmethod
    def for_job(cls):
        return cls.for_request().with_seconds(_setting("IMPORT_JOB_MAX_SECONDS", 600))

    def with_seconds(self, seconds):
        self.seconds = seconds
        return self

    @property
    def extent(self) -> int:
        """Row elements a sheet may have: the data rows, the header and the rows above it."""
        return self.rows + HEADER_SEARCH_ROWS + 1

    def check_time(self):
        if self.seconds and time.monotonic() - self.started > self.seconds:
            raise FileRefused(
                f"Файл не обработан за {self.seconds:.0f} с — это предел одного импорта. Ничего не записано; "
                "разделите файл на части или уберите из него лишнее (оформление, пустые строки)."
            )

    def too_many_rows(self, where=""):
        limit = f"{self.rows:,}".replace(",", "\u00a0")
        return FileRefused(
            f"В файле{where} больше {limit} строк (пустые строки с оформлением тоже считаются) — это предел "
            "одного импорта. Ничего не записано; удалите пустые строки под таблицей или разделите файл на части."
        )


@dataclass
class Sheet:
    """One sheet of the book: its title and its rows, read on demand within the limits."""

    title: str
    rows_counted: int = 0  # row elements found by the measurement (blank ones included)
    hidden_rows: list = field(default_factory=list)
    hidden_columns: list = field(default_factory=list)
    _rows: object = None  # callable(width) → iterator of (number, values)
    _measure: object = None  # callable() → row elements of the sheet (refuses past the limits)

    def measure(self) -> int:
        """Count the sheet's rows (blank ones included) without parsing it; refuses past the limits."""
        if self._measure is not None:
            self.rows_counted = self._measure()
            self._measure = None
        return self.rows_counted

    def rows(self, width=MAX_COLUMNS):
        self.measure()
        return self._rows(width)


class Book:
    """The sheets of an uploaded file (context manager: closes the workbook)."""

    def __init__(self, sheets, close=lambda: None):
        self.sheets = sheets
        self._close = close

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._close()


# --- what the file really is ------------------------------------------------------------------------------
def diagnose(upload) -> str | None:
    """A Russian reason when the file is a known kind of «not an .xlsx»; None when it may be one."""
    name = upload.name
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(OLE_MAGIC):
        content = upload.read()
        upload.seek(0)
        if ENCRYPTED_MARK in content:
            return (
                f"Файл «{name}» защищён паролем: портал не может его прочитать. Откройте его в Excel, снимите "
                "пароль (Файл → Сведения → Защитить книгу → Зашифровать с помощью пароля — пустой пароль) и "
                "загрузите снова."
            )
        return (
            f"Файл «{name}» — книга Excel 97–2003 (.xls), а загружается только .xlsx. Откройте его в Excel и "
            "сохраните как «Книга Excel (*.xlsx)»."
        )
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
            return (
                f"Файл «{name}» повреждён или загружен не полностью (архив книги обрывается). Сохраните его в "
                "Excel ещё раз и загрузите заново."
            )
        finally:
            upload.seek(0)
        if b"opendocument.spreadsheet" in mimetype:
            return (
                f"Файл «{name}» — таблица OpenDocument (.ods, LibreOffice/OpenOffice), а загружается .xlsx. "
                "Сохраните его как «Excel 2007–365 (.xlsx)»."
            )
        if b"opendocument" in mimetype:
            return f"Файл «{name}» — документ OpenDocument, а не таблица Excel (.xlsx)."
        if name.lower().endswith(".csv"):
            return f"Файл «{name}» — книга Excel с расширением .csv: переименуйте его в .xlsx и загрузите снова."
        return None
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text[:100].lower().startswith((b"<html", b"<!doctype", b"<?xml", b"<table")):
        return (
            f"Файл «{name}» — веб-страница или XML, сохранённые с расширением .xlsx (так выгружают «Excel» "
            "некоторые системы). Откройте его в Excel и сохраните как «Книга Excel (*.xlsx)»."
        )
    if head and _looks_like_text(head) and not name.lower().endswith(".csv"):
        return (
            f"Файл «{name}» — текстовая таблица (CSV), а не книга Excel. Загрузите его с расширением .csv или "
            "сохраните в Excel как «Книга Excel (*.xlsx)»."
        )
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1251"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and exc.start > len(head) - 4:
                return True  # a character cut by the 8 KB boundary
    return False


def check_archive(archive: zipfile.ZipFile, limits: Limits, name: str):
    """Refuse a zip bomb by the sizes the archive declares (zipfile never unpacks more than it declares)."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        part = info.filename
        cap = limits.unpacked_mb
        if not part.startswith("xl/worksheets/") and part != "xl/sharedStrings.xml" and part.endswith(".xml"):
            cap = min(cap, MAX_OTHER_PART_MB)
        if info.file_size > cap * 1024 * 1024 or total > limits.unpacked_mb * 1024 * 1024:
            size = f"{max(total, info.file_size) / 1024 / 1024:,.0f}".replace(",", "\u00a0")
            raise FileRefused(
                f"Файл «{name}» распаковывается в {size} МБ — больше допустимых {cap} МБ (так устроены "
                "«zip-бомбы»). Ничего не записано; сохраните таблицу в Excel заново без лишнего оформления."
            )


def measure(archive: zipfile.ZipFile, path: str, limits: Limits, title: str) -> int:
    """Count the ``<row>`` and ``<c>`` elements of a sheet's XML while unpacking it; stop at a limit
    (``<rowBreaks>`` and ``<cols>`` outside the data are counted too: a few, and a limit errs generous).

    ``bytes.count`` runs at memory speed, so a sheet is measured about as fast as it unpacks (a 100,000-row
    sheet is refused after its first 50,000 rows, in a fraction of a second)."""
    rows = cells = 0
    carry = b""
    row_tag = cell_tag = None
    with archive.open(path) as source:
        while True:
            chunk = source.read(CHUNK)
            if not chunk:
                break
            buffer = carry + chunk
            if row_tag is None:
                root = ROOT_RE.search(buffer)
                prefix = (root.group(1) or b"") if root else b""
                # «<c» also finds the few <cols>/<cfRule> elements outside the rows: the cap is generous
                row_tag, cell_tag = b"<" + prefix + b"row", b"<" + prefix + b"c"
            cut = buffer.rfind(b"<")
            part, carry = (buffer, b"") if cut == -1 else (buffer[:cut], buffer[cut:])
            rows += part.count(row_tag)
            cells += part.count(cell_tag)
            if rows > limits.extent:
                raise limits.too_many_rows(f" (лист «{title}»)")
            if cells > limits.cells:
                cap = f"{limits.cells:,}".replace(",", "\u00a0")
                raise FileRefused(
                    f"На листе «{title}» больше {cap} ячеек — это предел одного импорта. Ничего не записано; "
                    "оставьте на листе только таблицу для загрузки."
                )
            limits.check_time()
    if row_tag:
        rows += carry.count(row_tag)
    return rows


# --- opening -----------------------------------------------------------------------------------------------
def open_book(upload, limits: Limits | None = None) -> Book:
    """Check ``upload`` and open it as a :class:`Book`; raises :class:`FileRefused` with the reason."""
    limits = limits or Limits.for_request()
    is_csv = upload.name.lower().endswith(".csv")
    try:
        validate_upload(upload, (*SPREADSHEETS, CSV) if is_csv else SPREADSHEETS)
    except ValidationError as exc:
        # Size, macros and programs are refused as any upload; a file of another kind gets its own reason.
        reason = diagnose(upload) if exc.code in ("content", "extension") else None
        if not (is_csv and exc.code == "content" and reason is None):  # a CSV: the sniffer knows no text/csv
            raise FileRefused(reason or " ".join(exc.messages)) from exc
    upload.seek(0)
    if is_csv:
        return _csv_book(upload, limits)
    try:
        archive = zipfile.ZipFile(upload)
        check_archive(archive, limits, upload.name)
        upload.seek(0)
        wb = load_workbook(upload, read_only=True, data_only=False)
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many kinds on a broken file
        raise FileRefused(
            f"Файл «{upload.name}» не читается как книга Excel ({exc.__class__.__name__}): он повреждён или "
            "сохранён не в Excel. Сохраните его в Excel как «Книга Excel (*.xlsx)» и загрузите снова."
        ) from exc
    sheets = []
    for ws in wb.worksheets:
        path = getattr(ws, "_worksheet_path", None)
        if path is None:
            continue
        sheets.append(_xlsx_sheet(wb, archive, ws, path, limits))
    return Book(sheets, close=lambda: (wb.close(), archive.close()))


def _xlsx_sheet(wb, archive, ws, path, limits):
    from openpyxl.worksheet._reader import WorkSheetParser

    sheet = Sheet(title=ws.title, _measure=lambda: measure(archive, path, limits, ws.title))

    def rows(width):
        with archive.open(path) as source:
            parser = WorkSheetParser(
                source,
                ws._shared_strings,
                data_only=False,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            hidden_checked = False
            for number, cells in parser.parse():
                if not hidden_checked:  # <cols> comes before the rows
                    sheet.hidden_columns = sorted(
                        (
                            attrs["index"]
                            for attrs in parser.column_dimensions.values()
                            if attrs.get("hidden") in ("1", "true")
                        ),
                        key=lambda letter: (len(letter), letter),
                    )
                    hidden_checked = True
                if number > limits.extent:
                    at = f"{number:,}".replace(",", "\u00a0")
                    raise limits.too_many_rows(f" (лист «{ws.title}», строка {at})")
                limits.check_time()
                attrs = parser.row_dimensions.pop(str(number), None)
                if attrs and attrs.get("hidden") in ("1", "true"):
                    sheet.hidden_rows.append(number)
                values = [None] * width
                filled = False
                for cell in cells:
                    column, value = cell["column"], cell["value"]
                    if value is None or value == "":
                        continue
                    if column > width:
                        if width == MAX_COLUMNS:
                            raise FileRefused(
                                f"Лист «{ws.title}», строка {number}: данные в столбце "
                                f"{get_column_letter(min(column, 16384))} — дальше {MAX_COLUMNS}-го столбца. "
                                "Оставьте на листе только таблицу для загрузки."
                            )
                        continue
                    values[column - 1] = value
                    filled = True
                yield number, tuple(values) if filled else ()

    sheet._rows = rows
    return sheet


def _csv_book(upload, limits):
    raw = upload.read()
    upload.seek(0)
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused(f"Файл «{upload.name}» не читается как текст в кодировке UTF-8 или Windows-1251.")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = type("Guessed", (csv.excel,), {"delimiter": ";" if sample.count(";") >= sample.count(",") else ","})
    sheet = Sheet(title=upload.name)

    def rows(width):
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        cells = 0
        for number, row in enumerate(reader, start=1):
            if number > limits.extent:
                raise limits.too_many_rows()
            cells += len(row)
            if cells > limits.cells:
                raise FileRefused(f"В файле больше {limits.cells:,} ячеек — это предел одного импорта.")
            limits.check_time()
            values = [v if v.strip() else None for v in row[:width]]
            values += [None] * (width - len(values))
            yield number, tuple(values) if any(v is not None for v in values) else ()

    sheet._rows = rows
    sheet.rows_counted = text.count("\n") + 1
    if sheet.rows_counted > limits.extent * 2:
        raise limits.too_many_rows()
    return Book([sheet])
