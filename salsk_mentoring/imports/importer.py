"""The importer: reads a checked file row by row into unsaved instances (dry run), then writes all rows or
none. Its hooks (``prepare``, ``clean_row``, ``build``, ``clean_batch``, ``after_commit``) are what a
registry's importer overrides; see the package docstring for the whole picture."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl.utils import column_index_from_string, get_column_letter

from ..history import bulk_create_with_history, bulk_update_with_history
from ..search import refresh_search_text
from .checks import RegistryChecks
from .columns import Column, clean_text, convert_value, header_key, normalise, refuse_formula
from .links import LinkFields
from .reading import HEADER_SEARCH_ROWS, Book, FileRefused, Limits, Sheet, open_book
from .template import EXAMPLE_SHEET, NOTES_SHEET, is_example_row, template_workbook

#: Sheets of the template that are never read as data.
SKIPPED_SHEETS = (EXAMPLE_SHEET, NOTES_SHEET)
#: One «ФИО» column may stand for these three (an importer that has at least the first two).
FULL_NAME_PARTS = ("Фамилия", "Имя", "Отчество")
FULL_NAME = Column("ФИО", None, help="Фамилия, имя и отчество через пробел")
FULL_NAME_ALIASES = (
    "фио", "ф и о", "фамилия имя отчество", "фамилия имя отчество при наличии", "фамилия имя и отчество",
)  # fmt: skip


@dataclass
class Header:
    """The header of the table: its first and last row (two when merged cells stand over sub-headers) and
    the title of each column (a sub-header where there is one, else the cell above)."""

    first: int
    last: int
    values: tuple
    has_data: bool = False


def locate_header(top, keys) -> Header | None:
    """The header among the first rows: the row naming most of the importer's columns (at least two, or the
    only one), merged with the next row when that row adds sub-headers (a title merged over «Фамилия», «Имя»,
    «Отчество»)."""
    best, best_count = None, 0
    for i, (_number, values) in enumerate(top):
        count = len({keys[k].key for k in (header_key(v) for v in values) if k in keys})
        if count > best_count:
            best, best_count = i, count
    if best is None or best_count < min(2, len({c.key for c in keys.values()})):
        return None
    number, values = top[best]
    if best + 1 < len(top) and top[best + 1][0] == number + 1:
        below_number, below = top[best + 1]
        named = {header_key(v) for v in values}
        added = [k for k in (header_key(v) for v in below) if k in keys and k not in named]
        data_like = [v for v in below if v is not None and header_key(v) not in keys]
        if added and not data_like:
            width = max(len(values), len(below))
            merged = tuple(
                (below[i] if i < len(below) and below[i] is not None else (values[i] if i < len(values) else None))
                for i in range(width)
            )
            return Header(number, below_number, merged)
    return Header(number, number, values)


@dataclass
class RowError:
    row: int  # number of the row in Excel (the header is row 1); 0 for the file as a whole
    column: str
    message: str

    def __str__(self):
        if not self.row:
            return self.message
        if not self.column:
            return f"Строка {self.row}: {self.message}"
        return f"Строка {self.row}, столбец «{self.column}»: {self.message}"


class ImportRefused(Exception):
    """The file as a whole cannot be read (wrong type, size, columns, too many rows)."""


class TooBigForRequest(Exception):
    """The table has more rows than a request checks: it is checked and written by a background job."""

    def __init__(self, rows):
        super().__init__(rows)
        self.rows = rows


@dataclass
class ImportResult:
    total: int = 0
    instances: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # (row number, values dict) for the preview
    errors: list = field(default_factory=list)
    created: int = 0
    updates: list = field(default_factory=list)  # existing records with the file's values set (update mode)
    update_fields: list = field(default_factory=list)
    unchanged: int = 0  # rows of the file equal to their record (update mode): nothing to write
    updated: int = 0
    example_row: int = 0  # the row that repeated the template's example: skipped, never written
    sheet: str = ""  # the sheet the table was read from
    header_row: int = 1  # the (last) row of its header
    warnings: list = field(default_factory=list)  # what was read but may surprise (hidden rows, columns)

    @property
    def ok(self):
        return not self.errors


class Importer(RegistryChecks, LinkFields):
    """Base of every registry's XLSX import; see the package docstring."""

    model = None
    title = ""
    columns: list[Column] = []
    batch_size = 1000
    max_errors = 200  # stop listing after this many; the file is refused anyway
    change_reason = "Импорт из XLSX"
    organisation_field = "organisation"
    #: A ``unique`` column's field by which a row finds the record it updates (None: the import only adds).
    update_key: str | None = None
    #: The registry's list table (django-tables2): the XLSX export writes the import's columns and then the
    #: table's other columns (status, load…) to read; the import skips those informative columns.
    export_table = None
    #: Registries without a natural key get a «Код записи» column (the record's number): the export fills it,
    #: and an import with «Обновить существующие записи» changes the record of that code.
    record_code = False
    RECORD_CODE = "Код записи"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("record_code") and not any(c.field == "pk" for c in cls.columns):
            cls.columns = [
                *cls.columns,
                Column(
                    cls.RECORD_CODE,
                    "pk",
                    kind="int",
                    unique=True,
                    min_value=1,
                    help="Номер записи в портале (заполняется при выгрузке). Пусто — новая запись; не меняйте "
                    "его: по нему «Обновить существующие записи» находит запись.",
                ),
            ]
            if cls.update_key is None:
                cls.update_key = "pk"

    def __init__(self, user, organisation=None, *, update=False):
        self.user = user
        self.update = bool(update and self.update_key)
        # For a school user: the active organisation every imported row is filed under.
        self.organisation = organisation if getattr(user, "is_school", False) else None
        self.errors: list[RowError] = []
        self._org_lookup = None
        self.progress = None  # callable(rows_read) for background imports

    @classmethod
    def for_job(cls, user, organisation=None, *, update=False, **options):
        """The importer a background job rebuilds from :meth:`job_options` (plain values only)."""
        return cls(user, organisation=organisation, update=update, **options)

    def job_options(self) -> dict:
        """What else a background job needs to rebuild this importer (e.g. the IOM its rows belong to)."""
        return {}

    def template(self) -> bytes:
        """The XLSX template of this import (what ``…/import/template/`` downloads)."""
        return template_workbook(self.title, self.file_columns())

    def is_required(self, column: Column) -> bool:
        """A school user may leave out the organisation: it is set server-side."""
        return column.required and not (column.kind == "organisation" and self.organisation is not None)

    def file_columns(self) -> list[Column]:
        """Columns expected in the file (a school user may leave out the organisation column)."""
        return list(self.columns)

    def informative_keys(self) -> set[str]:
        """The export's informative columns (the list table's other columns): skipped by the import."""
        if self.export_table is None:
            return set()
        if "_informative_keys" not in type(self).__dict__:
            table = self.export_table(self.model._default_manager.none())
            keys = {header_key(str(c.header)) for c in table.columns.iterall()}
            type(self)._informative_keys = keys - {header_key(c.header) for c in self.columns}
        return type(self)._informative_keys

    # --- the export of the same columns ----------------------------------------------------------------
    def export_value(self, record, column: Column):
        """The value of ``column`` for ``record`` as the import reads it back (a registry overrides this for
        its lookups): a choice as its word, an organisation by its short name, a date as a date."""
        if column.field is None:
            return None
        value = getattr(record, column.field, None)
        if column.kind == "choice":
            labels = {str(v): str(label) for v, label in column.choices or ()}
            return labels.get(str(value), value)
        if column.kind == "organisation":
            return value.short_name if value is not None else None
        if column.kind == "bool":
            return "да" if value else "нет"
        if column.kind == "lookup":
            return str(value) if value is not None else None
        return value

    def export_columns(self) -> list[Column]:
        """The columns the registry's XLSX export writes first (all of the import's)."""
        return list(self.columns)

    def export_select_related(self) -> tuple:
        return ()

    def export_prefetch_related(self) -> tuple:
        return ()

    # --- reading -----------------------------------------------------------------------------------
    def error(self, row: int, column: str, message: str):
        self.errors.append(RowError(row, column, message))

    def parse(self, upload, *, limits: Limits | None = None, background_above: int | None = None) -> ImportResult:
        """Check and read ``upload`` (dry run): nothing is written. Raises ImportRefused for a bad file.

        The work is bounded by ``limits`` (rows — blank ones included —, cells, unpacked size, seconds; see
        :mod:`.reading`). With ``background_above``, a table of more rows raises :class:`TooBigForRequest`
        as soon as its rows are counted, before any is converted: the caller runs it as a job."""
        limits = limits or Limits.for_request()
        try:
            with open_book(upload, limits) as book:
                sheet, header = self.find_table(book)
                if background_above is not None and sheet.rows_counted - header.last > background_above:
                    raise TooBigForRequest(sheet.rows_counted - header.last)
                return self.parse_table(sheet, header, limits)
        except FileRefused as exc:
            raise ImportRefused(str(exc)) from exc

    # --- where the table is ---------------------------------------------------------------------------------
    def header_keys(self) -> dict:
        """Header text (as :func:`header_key` makes it) → column; «ФИО» stands for the three name columns."""
        keys = {header_key(c.header): c for c in self.file_columns()}
        names = [header_key(h) for h in FULL_NAME_PARTS]
        if all(n in keys for n in names[:2]):
            for alias in FULL_NAME_ALIASES:
                keys.setdefault(alias, FULL_NAME)
        return keys

    def find_table(self, book) -> tuple[Sheet, "Header"]:
        """The sheet and the header row(s) of the table: the header may stand below a title (within the first
        rows), span two rows (merged cells over sub-headers), and be on any sheet but the template's
        example and notes; a table found on several sheets is refused (which one is meant is unknowable)."""
        sheets = [s for s in book.sheets if s.title not in SKIPPED_SHEETS] or book.sheets
        keys = self.header_keys()
        found, first = [], None
        for sheet in sheets:
            top = []
            for number, values in sheet.rows():
                if number > HEADER_SEARCH_ROWS + 2:
                    break
                if values:
                    top.append((number, values))
            header = locate_header(top, keys)
            if header is not None:
                header.has_data = any(number > header.last for number, _ in top) or sheet.rows_counted > header.last
                found.append((sheet, header))
            elif first is None and top:
                first = (sheet, Header(top[0][0], top[0][0], top[0][1]))
        with_data = [pair for pair in found if pair[1].has_data] or found
        if len(with_data) > 1:
            titles = ", ".join(f"«{sheet.title}»" for sheet, _ in with_data)
            raise ImportRefused(
                f"Таблица для загрузки найдена на нескольких листах: {titles}. Оставьте данные на одном листе "
                "(остальные удалите или загрузите отдельными файлами)."
            )
        if with_data:
            return with_data[0]
        if first is None:
            raise ImportRefused("Файл пустой: нет строки заголовков.")
        return first  # no sheet has the columns: match_header() says which are missing or unknown

    def parse_table(self, sheet: Sheet, header: "Header", limits: Limits) -> ImportResult:
        self.errors = []
        result = ImportResult(sheet=sheet.title, header_row=header.last)
        positions = self.match_header(header.values, header.last)
        self.positions = positions
        self.prepare()
        seen_unique = {c.field: {} for c in self.columns if c.unique}
        seen_rows = {}
        columns = self.file_columns()
        width = max(positions.values(), default=0) + 1
        if FULL_NAME.key in positions:
            width = max(width, positions[FULL_NAME.key] + 1)
        example = None
        for number, raw in sheet.rows(width):
            if number <= header.last:
                continue
            if number - header.last > limits.rows:
                raise ImportRefused(str(limits.too_many_rows()))
            if not raw or all(v is None or (isinstance(v, str) and not clean_text(v).strip()) for v in raw):
                continue
            if example is None and is_example_row(raw, positions, columns):
                example = number  # the template's example, never imported
                continue
            result.total += 1
            if self.progress is not None and result.total % 1000 == 0:
                self.progress(result.total)
            if len(self.errors) >= self.max_errors:
                continue
            same = tuple(normalise(clean_text(v)) if isinstance(v, str) else v for v in raw)
            raw = self.split_full_name(raw, positions, number)
            values = None if raw is None else self.convert_row(raw, positions, number, seen_unique)
            if values is None:
                continue  # a repeated unique value is reported by convert_row with its column
            if same in seen_rows:  # a row pasted twice, in an import without a unique column
                self.error(number, "", f"строка целиком повторяет строку {seen_rows[same]}; удалите повтор.")
                continue
            seen_rows[same] = number
            self.clean_row(values, number)
            instance = self.build(values, number)
            if instance is not None:
                result.instances.append(instance)
                result.rows.append((number, values))
        if result.total == 0:
            if example:
                raise ImportRefused(
                    f"Ничего не загружено: в файле только строка {example} — пример из шаблона, она не "
                    "загружается. Впишите свои данные под заголовками вместо неё."
                )
            raise ImportRefused(
                "Ничего не загружено: в файле нет ни одной строки с данными под заголовком. Впишите данные "
                f"на первый лист под строкой заголовков (лист «{EXAMPLE_SHEET}» — только образец, он не загружается)."
            )
        result.example_row = example or 0
        result.warnings = self.hidden_warnings(sheet, positions)
        self.check_unique_in_db(seen_unique)
        if self.update:
            self.apply_updates(result, seen_unique[self.update_key])
        self.clean_batch(result)
        result.errors = sorted(self.errors, key=lambda e: e.row)
        return result

    def parse_rows(self, rows) -> ImportResult:
        """Rows given as values (the header first), e.g. built in code: read as a one-sheet book."""
        rows = list(rows)
        sheet = Sheet(title="", _rows=lambda width: ((n, tuple(r or ())) for n, r in enumerate(rows, start=1)))
        book = Book([sheet])
        sheet, header = self.find_table(book)
        return self.parse_table(sheet, header, Limits.for_request())

    def hidden_warnings(self, sheet: Sheet, positions: dict) -> list[str]:
        """Hidden rows and columns are read like the others: the preview says so, naming them."""
        warnings = []
        if sheet.hidden_rows:
            shown = ", ".join(str(n) for n in sheet.hidden_rows[:10]) + ("…" if len(sheet.hidden_rows) > 10 else "")
            warnings.append(
                f"В Excel скрыты строки {shown} — они прочитаны и будут записаны вместе с остальными. Если их "
                "загружать не нужно, удалите их из файла."
            )
        by_index = {index: key for key, index in positions.items()}
        headers = {c.key: c.header for c in self.file_columns()} | {FULL_NAME.key: FULL_NAME.header}
        hidden = [
            f"«{headers[by_index[index]]}» ({letter})"
            for letter in sheet.hidden_columns
            if (index := column_index_from_string(letter) - 1) in by_index
        ]
        if hidden:
            warnings.append(
                "В Excel скрыты столбцы " + ", ".join(hidden) + " — они прочитаны и будут записаны."
            )
        return warnings

    def match_header(self, header, row_number=1) -> dict:
        expected = self.header_keys()
        skipped = self.informative_keys()  # the export's columns to read only (status, load…)
        positions, unknown = {}, []
        for index, title in enumerate(header):
            key = header_key(title)
            if not key or (key in skipped and key not in expected):
                continue
            column = expected.get(key)
            if column is None:
                unknown.append(f"«{title}» (столбец {get_column_letter(index + 1)})")
            elif column.key in positions:
                raise ImportRefused(f"Столбец «{column.header}» встречается в заголовке дважды.")
            else:
                positions[column.key] = index
        if FULL_NAME.key in positions:
            clash = [h for h in FULL_NAME_PARTS if normalise(h) in positions]
            if clash:
                raise ImportRefused(
                    f"В заголовке есть и «ФИО», и {', '.join(f'«{h}»' for h in clash)}: оставьте либо один столбец "
                    "«ФИО», либо три столбца «Фамилия», «Имя», «Отчество»."
                )
        missing = [
            c.header
            for c in self.file_columns()
            if c.required
            and c.key not in positions
            and not (c.kind == "organisation" and self.organisation)
            and not (c.header in FULL_NAME_PARTS and FULL_NAME.key in positions)
        ]
        problems = []
        if missing:
            problems.append("нет обязательных столбцов: " + ", ".join(f"«{m}»" for m in missing))
        if unknown:
            problems.append("неизвестные столбцы: " + ", ".join(unknown))
        if problems:
            raise ImportRefused(
                f"Неверные столбцы в строке {row_number}: "
                + "; ".join(problems)
                + ". Скачайте шаблон и заполните его, не меняя заголовки."
            )
        return positions

    def split_full_name(self, raw, positions, number):
        """A row whose names stand in one «ФИО» cell, as if it had the three columns (put after its last one).
        None (and an error naming the row and «ФИО») when the cell holds fewer than two words."""
        index = positions.get(FULL_NAME.key)
        if index is None:
            return raw
        keys = [normalise(name) for name in FULL_NAME_PARTS]
        if keys[0] not in positions:
            base = max(positions.values()) + 1
            for offset, key in enumerate(keys):
                positions[key] = base + offset
        base = positions[keys[0]]
        row = list(raw[:base]) + [None] * (base - len(raw))
        cell = raw[index] if index < len(raw) else None
        parts = clean_text(str(cell)).split() if cell not in (None, "") else []
        if len(parts) == 1:
            self.error(
                number, FULL_NAME.header, f"«{parts[0]}» — укажите фамилию, имя и отчество через пробел."
            )
            return None
        extra = [parts[0], parts[1], " ".join(parts[2:]) or None] if parts else [None, None, None]
        return (*row, *extra)

    def convert_row(self, raw, positions, number, seen_unique):
        values, ok = {}, True
        for column in self.columns:
            index = positions.get(column.key)
            cell = raw[index] if index is not None and index < len(raw) else None
            try:
                value = self.convert(column, cell)
            except ValidationError as exc:
                self.error(number, column.header, " ".join(exc.messages))
                ok = False
                continue
            if column.unique and value not in (None, ""):
                key = normalise(value)
                first = seen_unique[column.field].get(key)
                if first is not None:
                    self.error(
                        number, column.header, f"«{value}» уже встречается в строке {first} этого файла."
                    )
                    ok = False
                else:
                    seen_unique[column.field][key] = number
            values[column.field or column.key] = value
        return values if ok else None

    def convert(self, column: Column, cell):
        if isinstance(cell, str):
            refuse_formula(cell)
            cell = clean_text(cell, multiline=column.kind == "text").strip()
        empty = cell is None or cell == ""
        if empty:
            if column.required and not (column.kind == "organisation" and self.organisation is not None):
                raise ValidationError("обязательное значение не заполнено.")
            if column.kind == "organisation" and self.organisation is not None:
                return self.organisation
            if column.kind == "bool":
                return column.default if column.default is not None else False
            if column.kind in ("int", "date", "lookup", "organisation"):
                return column.default
            if column.kind == "choice":
                return column.default if column.default is not None else ""
            return ""
        if column.kind == "organisation":
            return self.lookup_organisation(str(cell))
        if column.kind == "lookup":
            table = getattr(self, column.lookup)
            value = table.get(normalise(cell))
            if value is None:
                raise ValidationError(self.lookup_missing(column, cell))
            return value
        return convert_value(column, cell)

    def lookup_missing(self, column, cell):
        return f"«{cell}» не найдено."

    # --- hooks for subclasses ------------------------------------------------------------------------
    def prepare(self):
        """Prefetch lookups (dicts) once per file."""

    def clean_row(self, values: dict, row: int):
        """Cross-field checks of one row; report with ``self.error(row, column_header, message)``."""

    def build(self, values: dict, row: int):
        """An unsaved model instance from the converted values; ``instance.clean()`` errors are reported."""
        if any(e.row == row for e in self.errors[-5:]):
            return None
        instance = self.model(**{k: v for k, v in values.items() if k in self.model_field_names()})
        if self.organisation is not None and hasattr(instance, f"{self.organisation_field}_id"):
            setattr(instance, self.organisation_field, self.organisation)
        try:
            self.validate_instance(instance)
        except ValidationError as exc:
            self.report_validation_error(exc, row)
            return None
        return instance

    def validate_instance(self, instance):
        """Model invariants of one row; the default is ``instance.clean()`` (keep it free of queries)."""
        instance.clean()

    def report_validation_error(self, exc: ValidationError, row: int):
        headers = {c.field: c.header for c in self.columns}
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                for message in errors:
                    self.error(row, headers.get(name, ""), message)
        else:
            for message in exc.messages:
                self.error(row, "", message)

    def clean_batch(self, result: ImportResult):
        """Checks across all rows (e.g. loads), with prefetched data."""

    def model_field_names(self):
        if not hasattr(self, "_field_names"):
            self._field_names = {f.name for f in self.model._meta.concrete_fields}
        return self._field_names

    # --- writing -------------------------------------------------------------------------------------
    def commit(self, result: ImportResult) -> int:
        """Write every row or none; each new row gets a history record by the importing user."""
        if result.errors:
            raise ValidationError("Импорт не выполнен: в файле есть ошибки.")
        user = self.user if getattr(self.user, "pk", None) else None
        with transaction.atomic():
            created = bulk_create_with_history(
                result.instances,
                self.model,
                user=user,
                reason=self.change_reason,
                batch_size=self.batch_size,
                links=self.write_links,
            )
            if result.updates:
                self.write_links(result.updates)  # before the history: its records carry the new links
                derived = refresh_search_text(result.updates, result.update_fields)
                bulk_update_with_history(
                    result.updates,
                    self.model,
                    result.update_fields + derived,
                    user=user,
                    reason=self.change_reason,
                    batch_size=self.batch_size,
                )
            self.after_commit(created, result)
        result.created = len(created)
        result.updated = len(result.updates)
        return result.created

    def after_commit(self, created: list, result: ImportResult):
        """Write related rows inside the same transaction (the links of :attr:`link_fields` are written)."""

    def run(self, upload, *, dry_run=True) -> ImportResult:
        result = self.parse(upload)
        if not dry_run and result.ok:
            self.commit(result)
        return result

