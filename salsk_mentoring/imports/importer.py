"""The importer: reads a checked file row by row into unsaved instances (dry run), then writes all rows or
none. Its hooks (``prepare``, ``clean_row``, ``build``, ``clean_batch``, ``after_commit``) are what a
registry's importer overrides; see the package docstring for the whole picture."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..history import bulk_create_with_history, bulk_update_with_history
from ..search import refresh_search_text
from ..uploads import SPREADSHEETS, validate_upload
from .checks import RegistryChecks
from .columns import Column, convert_value, normalise, refuse_formula
from .template import EXAMPLE_SHEET, is_example_row, template_workbook


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

    @property
    def ok(self):
        return not self.errors


class Importer(RegistryChecks):
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

    def __init__(self, user, organisation=None, *, update=False):
        self.user = user
        self.update = bool(update and self.update_key)
        # For a school user: the active organisation every imported row is filed under.
        self.organisation = organisation if getattr(user, "is_school", False) else None
        self.errors: list[RowError] = []
        self._org_lookup = None
        self.progress = None  # callable(rows_read) for background imports

    def template(self) -> bytes:
        """The XLSX template of this import (what ``…/import/template/`` downloads)."""
        return template_workbook(self.title, self.file_columns())

    def is_required(self, column: Column) -> bool:
        """A school user may leave out the organisation: it is set server-side."""
        return column.required and not (column.kind == "organisation" and self.organisation is not None)

    def file_columns(self) -> list[Column]:
        """Columns expected in the file (a school user may leave out the organisation column)."""
        return list(self.columns)

    # --- reading -----------------------------------------------------------------------------------
    def error(self, row: int, column: str, message: str):
        self.errors.append(RowError(row, column, message))

    def parse(self, upload) -> ImportResult:
        """Check and read ``upload`` (dry run): nothing is written. Raises ImportRefused for a bad file."""
        try:
            validate_upload(upload, SPREADSHEETS)
        except ValidationError as exc:
            raise ImportRefused(" ".join(exc.messages)) from exc
        upload.seek(0)
        try:
            wb = load_workbook(upload, read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise ImportRefused(
                f"Файл «{upload.name}» не читается как книга Excel: {exc.__class__.__name__}."
            ) from exc
        try:
            return self.parse_rows(wb.worksheets[0].iter_rows(values_only=True))
        finally:
            wb.close()

    def parse_rows(self, rows) -> ImportResult:
        self.errors = []
        result = ImportResult()
        rows = iter(rows)
        header = next(rows, None)
        if header is None:
            raise ImportRefused("Файл пустой: нет строки заголовков.")
        positions = self.match_header(header)
        self.positions = positions
        self.prepare()
        limit = settings.IMPORT_MAX_ROWS
        seen_unique = {c.field: {} for c in self.columns if c.unique}
        columns = self.file_columns()
        number, example = 1, None
        for raw in rows:
            number += 1
            if raw is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in raw):
                continue
            if example is None and is_example_row(raw, positions, columns):
                example = number  # the template's example, never imported
                continue
            result.total += 1
            if result.total > limit:
                raise ImportRefused(
                    f"В файле больше {limit} строк данных — это предел одного импорта. "
                    "Разделите файл на части."
                )
            if self.progress is not None and result.total % 1000 == 0:
                self.progress(result.total)
            if len(self.errors) >= self.max_errors:
                continue
            values = self.convert_row(raw, positions, number, seen_unique)
            if values is None:
                continue
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
                f"на первый лист со второй строки (лист «{EXAMPLE_SHEET}» — только образец, он не загружается)."
            )
        result.example_row = example or 0
        self.check_unique_in_db(seen_unique)
        if self.update:
            self.apply_updates(result, seen_unique[self.update_key])
        self.clean_batch(result)
        result.errors = sorted(self.errors, key=lambda e: e.row)
        return result

    def match_header(self, header) -> dict:
        expected = {c.key: c for c in self.file_columns()}
        positions, unknown = {}, []
        for index, title in enumerate(header):
            key = normalise(title)
            if not key:
                continue
            column = expected.get(key)
            if column is None:
                unknown.append(f"«{title}» (столбец {get_column_letter(index + 1)})")
            elif column.key in positions:
                raise ImportRefused(f"Столбец «{column.header}» встречается в заголовке дважды.")
            else:
                positions[column.key] = index
        missing = [
            c.header
            for c in self.file_columns()
            if c.required and c.key not in positions and not (c.kind == "organisation" and self.organisation)
        ]
        problems = []
        if missing:
            problems.append("нет обязательных столбцов: " + ", ".join(f"«{m}»" for m in missing))
        if unknown:
            problems.append("неизвестные столбцы: " + ", ".join(unknown))
        if problems:
            raise ImportRefused(
                "Неверные столбцы в строке 1: "
                + "; ".join(problems)
                + ". Скачайте шаблон и заполните его, не меняя заголовки."
            )
        return positions

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
            cell = cell.strip()
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
                result.instances, self.model, user=user, reason=self.change_reason, batch_size=self.batch_size
            )
            if result.updates:
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
        """Write related rows (M2M etc.) inside the same transaction."""

    def run(self, upload, *, dry_run=True) -> ImportResult:
        result = self.parse(upload)
        if not dry_run and result.ok:
            self.commit(result)
        return result

