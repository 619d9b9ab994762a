"""XLSX import of any registry: the project's one import base.

How to use it (a registry's importer is a few lines)::

    from salsk_mentoring.imports import Column, Importer, import_urls

    class TeacherImporter(Importer):
        model = Teacher
        title = "Педагоги"
        columns = [
            Column("Фамилия", "last_name", required=True),
            Column("Организация", "organisation", kind="organisation"),   # looked up by short name
            Column("Педагогический стаж, лет", "teaching_experience", kind="int", min_value=0, max_value=70),
            Column("Электронная почта", "email", kind="email", unique=True),
            Column("Категория", "category", kind="choice", choices=Teacher.Category.choices),
        ]

        def clean_row(self, values, row):       # optional: cross-field checks, extra lookups
            ...                                   # self.error(row, "Столбец", "сообщение")

    # urls.py: *import_urls("teachers", "teacher", TeacherImporter)
    #   → /teachers/import/ (upload → dry-run preview → commit) and /teachers/import/template/ (XLSX template)

What the base does, so that every registry behaves the same:

* the file is checked by content and size (``salsk_mentoring.uploads``: a renamed .xlsm/.exe or a file
  over ``MAX_UPLOAD_MB`` is refused with a reason);
* the header row must name every required column and no unknown one (headers are compared without case,
  extra spaces and «ё»);
* at most ``settings.IMPORT_MAX_ROWS`` data rows;
* every cell is converted by its column kind (str, int, bool, email, date, choice, organisation, or a
  ``lookup`` dict prepared in ``prepare()``); a formula (``=HYPERLINK(...)``) or a text that Excel would
  take for one (starting with ``=``, ``@``, tab/CR; ``+``/``-`` followed by a letter) is refused —
  formula injection never reaches the database or a later export;
* a school user imports only into the active organisation, set server-side: an «Организация» column that
  names another organisation is an error; methodists name the organisation by its short name
  (or «краткое наименование (муниципалитет)» when the short name repeats);
* ``unique=True`` columns are checked inside the file and against the database with one query;
* an importer with ``update_key`` (teachers: the e-mail) can also *update* rows: with «Обновить
  существующие записи» ticked, a row whose key is already in the registry changes that record (only the
  columns present in the file; a record outside the user's scope is an error, a row that changes nothing is
  skipped); without the tick such a row is an error, as any duplicate;
* every error is a Russian sentence naming the row and the column (:class:`RowError`);
* ``commit()`` writes all rows or none (one transaction) with ``bulk_create_with_history`` and
  ``bulk_update_with_history`` of ``salsk_mentoring.history``, so each new or changed row has a history record
  by the importing user (copied by the database from the rows written); nothing is saved row by row;
* the page shows upload progress; a checked file of more than ``BACKGROUND_ROWS`` rows is written by a
  background job (``salsk_mentoring.jobs``) whose page shows rows read so far.

It is fast because all lookups are prefetched into dicts once per file and the rows are validated in
Python; ``manage.py bench`` compares it with django-import-export's default path and raw
openpyxl + bulk_create.
"""

import io
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .exports import XLSX_CONTENT_TYPE
from .history import bulk_create_with_history, bulk_update_with_history
from .reports import attachment
from .search import refresh_search_text
from .uploads import SPREADSHEETS, validate_upload

TRUE_WORDS = {"да", "1", "true", "истина", "yes", "д", "+", "x", "х"}
FALSE_WORDS = {"нет", "0", "false", "ложь", "no", "н", "-", ""}
FORMULA_RE = re.compile(r"^(=|@|\t|\r|[+\-]\s*[^\d\s(.,])")


#: Keys per ``IN (…)``: SQLite before 3.32 allowed 999 parameters in a statement.
IN_CHUNK = 900


def chunked(keys, size=IN_CHUNK):
    """``keys`` in lists of at most ``size``, for ``field__in`` lookups."""
    keys = list(keys)
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def normalise(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower().replace("ё", "е")


@dataclass
class Column:
    """One column of an import file.

    ``kind``: ``str`` (default), ``text``, ``int``, ``bool``, ``email``, ``date``, ``choice`` (``choices`` as
    Django choices: the label or the value is accepted), ``organisation`` or ``lookup`` (``lookup`` is the
    name of a dict the importer fills in ``prepare()``, keyed by ``normalise(value)``).
    ``field`` is the model attribute set on the instance (``None``: only passed to ``clean_row``).
    """

    header: str
    field: str | None
    kind: str = "str"
    required: bool = False
    unique: bool = False
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    choices: list | tuple | None = None
    lookup: str | None = None
    default: object = None
    help: str = ""
    example: object = ""

    def __post_init__(self):
        self.key = normalise(self.header)
        self._choice_map = {}
        for value, label in self.choices or ():
            self._choice_map[normalise(label)] = value
            self._choice_map[normalise(value)] = value


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

    @property
    def ok(self):
        return not self.errors


class Importer:
    """Base of every registry's XLSX import; see the module docstring."""

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

    # --- the template -------------------------------------------------------------------------------
    def template(self) -> bytes:
        wb = Workbook()
        ws = wb.active
        ws.title = (self.title or "Импорт")[:31]
        bold = Font(bold=True)
        columns = self.file_columns()
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
            notes.append([column.header, "да" if column.required else "нет", self.describe(column)])
        notes.append([])
        notes.append(["Строка 2 листа с данными — пример; замените или удалите её перед загрузкой."])
        notes.column_dimensions["A"].width = 34
        notes.column_dimensions["C"].width = 90
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

    def describe(self, column: Column) -> str:
        if column.help:
            return column.help
        if column.kind == "int":
            bounds = []
            if column.min_value is not None:
                bounds.append(f"от {column.min_value}")
            if column.max_value is not None:
                bounds.append(f"до {column.max_value}")
            return "Целое число " + " ".join(bounds)
        if column.kind == "bool":
            return "«да» или «нет»"
        if column.kind == "date":
            return "Дата ДД.ММ.ГГГГ"
        if column.kind == "email":
            return "Адрес электронной почты" + (", не повторяется" if column.unique else "")
        if column.kind == "choice":
            return "Одно из: " + "; ".join(str(label) for _, label in column.choices)
        if column.kind == "organisation":
            return "Краткое наименование организации, как в реестре организаций (для школы — только своя)"
        return "Текст" + (f" до {column.max_length} знаков" if column.max_length else "")

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
        number = 1
        for raw in rows:
            number += 1
            if raw is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in raw):
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
            raise ImportRefused("В файле нет ни одной строки с данными под заголовком.")
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
            if FORMULA_RE.match(cell):
                raise ValidationError(
                    "ячейка содержит формулу или начинается с символа формулы "
                    f"(«{cell[:30]}»); формулы не принимаются — введите значение текстом."
                )
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
        kind = column.kind
        if kind in ("str", "text", "email"):
            text = (
                str(cell).strip() if not isinstance(cell, float) or not cell.is_integer() else str(int(cell))
            )
            if column.max_length and len(text) > column.max_length:
                raise ValidationError(
                    f"слишком длинное значение: {len(text)} знаков при допустимых {column.max_length}."
                )
            if kind == "email":
                try:
                    validate_email(text)
                except ValidationError:
                    raise ValidationError(f"«{text}» — не адрес электронной почты.") from None
                text = text.lower()
            return text
        if kind == "int":
            if isinstance(cell, bool):
                raise ValidationError(f"ожидается целое число, а указано «{cell}».")
            if isinstance(cell, (int, float)):
                if isinstance(cell, float) and not cell.is_integer():
                    raise ValidationError(f"ожидается целое число, а указано «{cell}».")
                number = int(cell)
            else:
                text = str(cell).strip().replace(" ", "")
                if not re.fullmatch(r"-?\d+", text):
                    raise ValidationError(f"ожидается целое число, а указан текст «{cell}».")
                number = int(text)
            if column.min_value is not None and number < column.min_value:
                raise ValidationError(f"число {number} меньше допустимого ({column.min_value}).")
            if column.max_value is not None and number > column.max_value:
                raise ValidationError(f"число {number} больше допустимого ({column.max_value}).")
            return number
        if kind == "bool":
            word = normalise(cell) if not isinstance(cell, bool) else ("да" if cell else "нет")
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise ValidationError(f"ожидается «да» или «нет», а указано «{cell}».")
        if kind == "date":
            if isinstance(cell, datetime):
                return cell.date()
            if isinstance(cell, date):
                return cell
            text = str(cell).strip()
            for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
                try:
                    return datetime.strptime(text, fmt).date()
                except ValueError:
                    continue
            raise ValidationError(f"ожидается дата ДД.ММ.ГГГГ, а указано «{text}».")
        if kind == "choice":
            value = column._choice_map.get(normalise(cell))
            if value is None:
                allowed = "; ".join(str(label) for _, label in column.choices)
                raise ValidationError(f"«{cell}» — нет такого значения. Допустимо: {allowed}.")
            return value
        if kind == "organisation":
            return self.lookup_organisation(str(cell))
        if kind == "lookup":
            table = getattr(self, column.lookup)
            value = table.get(normalise(cell))
            if value is None:
                raise ValidationError(self.lookup_missing(column, cell))
            return value
        raise ValueError(f"Unknown column kind {kind!r}")

    def lookup_missing(self, column, cell):
        return f"«{cell}» не найдено."

    def organisations(self):
        from schools.models import Organisation

        return Organisation.objects.for_user(self.user)

    def lookup_organisation(self, name: str):
        if self._org_lookup is None:
            self._org_lookup, self._org_ambiguous = {}, set()
            for org in (
                self.organisations()
                .select_related("municipality")
                .only("pk", "short_name", "municipality__name")
            ):
                key = normalise(org.short_name)
                if key in self._org_lookup:
                    self._org_ambiguous.add(key)
                self._org_lookup[key] = org
                self._org_lookup[normalise(f"{org.short_name} ({org.municipality.name})")] = org
        key = normalise(name)
        if key in self._org_ambiguous:
            raise ValidationError(
                f"организаций «{name}» несколько в разных муниципалитетах; укажите «{name} (муниципалитет)»."
            )
        org = self._org_lookup.get(key)
        if org is None:
            if self.organisation is not None:
                raise ValidationError(
                    f"«{name}» — не ваша организация; школа загружает записи только в свою организацию "
                    f"(«{self.organisation}»). Оставьте столбец пустым или укажите её."
                )
            raise ValidationError(
                f"организация «{name}» не найдена в реестре организаций (по краткому наименованию)."
            )
        if self.organisation is not None and org.pk != self.organisation.pk:
            raise ValidationError(
                f"«{name}» — другая организация; записи загружаются только в «{self.organisation}»."
            )
        return org

    def check_unique_in_db(self, seen_unique):
        for column in self.columns:
            if not column.unique or not seen_unique[column.field]:
                continue
            if self.update and column.field == self.update_key:
                continue  # a known key means «update that record»: apply_updates()
            taken = self.existing_unique_values(column, list(seen_unique[column.field]))
            for key, number in seen_unique[column.field].items():
                if key in taken:
                    self.error(number, column.header, f"«{key}» уже есть в реестре; повторять запись нельзя.")

    def existing_unique_values(self, column, keys) -> set:
        manager = self.model._default_manager
        return {
            normalise(value)
            for chunk in chunked(keys)
            for value in manager.filter(**{f"{column.field}__in": chunk}).values_list(column.field, flat=True)
        }

    def apply_updates(self, result: ImportResult, keys: dict):
        """Update mode: rows whose key is in the registry become changes of those records.

        One query finds the records by key; a record the user may not change (another school's) is an
        error of its row. The file's columns are set on the record (columns absent from the file keep their
        values), the record is validated again, and a row that changes nothing is counted as unchanged.
        """
        from .scoping import CHANGE

        column = next(c for c in self.columns if c.field == self.update_key)
        manager = self.model._default_manager
        existing, changeable = {}, set()
        for chunk in chunked(keys):
            for obj in manager.filter(**{f"{column.field}__in": chunk}):
                existing[normalise(getattr(obj, column.field))] = obj
            changeable.update(
                manager.for_user(self.user, CHANGE)
                .filter(**{f"{column.field}__in": chunk})
                .values_list("pk", flat=True)
            )
        if not existing:
            return
        fields = [
            c.field for c in self.columns if c.field in self.model_field_names() and c.key in self.positions
        ]
        if self.organisation is not None and self.organisation_field not in fields:
            fields.append(self.organisation_field)
        result.update_fields = fields
        kept_instances, kept_rows = [], []
        for instance, (number, values) in zip(result.instances, result.rows, strict=True):
            key = normalise(values.get(column.field) or "")
            record = existing.get(key) if key else None
            if record is None:
                kept_instances.append(instance)
                kept_rows.append((number, values))
                continue
            if record.pk not in changeable:
                self.error(
                    number,
                    column.header,
                    f"«{values[column.field]}» уже есть в реестре у другой организации; изменить эту запись "
                    "может только её организация или методист.",
                )
                continue
            before = {name: getattr(record, name) for name in fields}
            for name in fields:
                setattr(record, name, getattr(instance, name))
            try:
                self.validate_instance(record)
            except ValidationError as exc:
                self.report_validation_error(exc, number)
                continue
            if all(getattr(record, name) == before[name] for name in fields):
                result.unchanged += 1
                continue
            result.updates.append(record)
            kept_rows.append((number, {**values, "_update": True}))
        result.instances, result.rows = kept_instances, kept_rows

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


# --- views ---------------------------------------------------------------------------------------------

SESSION_KEY = "pending_imports"
PREVIEW_ROWS = 20
#: Files with more rows are written by a background job (salsk_mentoring.jobs) with progress.
BACKGROUND_ROWS = 5000


def import_job(*, job, importer, path, name, rows, organisation=None, update=False):
    """Background commit of a checked file: progress while reading, then all rows or none.

    Returns a short XLSX protocol (what was written) for «Мои документы»; a file that no longer passes
    the checks (e.g. someone added the same e-mail meanwhile) fails the job with the row errors.
    """
    from django.utils.module_loading import import_string

    from schools.models import Organisation

    from .exports import write_rows

    org = Organisation.objects.filter(pk=organisation).first() if organisation else None
    instance = import_string(importer)(job.user, organisation=org, update=update)
    job.set_progress(0, rows, "Проверка строк…")
    instance.progress = lambda done: job.set_progress(done, rows)
    try:
        with default_storage.open(path, "rb") as fh:
            upload = ContentFile(fh.read(), name=name)
        upload.size = len(upload)
        result = instance.parse(upload)
        if not result.ok:
            raise ValueError(
                f"ничего не записано: {len(result.errors)} ошибок, первая — {result.errors[0]}"
            )
        job.set_progress(rows, rows, "Запись…")
        instance.commit(result)
    except ImportRefused as exc:
        raise ValueError(str(exc)) from exc
    finally:
        default_storage.delete(path)
    job.set_progress(rows, rows, f"Добавлено строк: {result.created}, обновлено: {result.updated}.")
    content = write_rows(
        [[name, result.total, result.created, result.updated, result.unchanged, job.user.get_username()]],
        title="Протокол импорта",
        headers=["Файл", "Строк в файле", "Добавлено", "Обновлено", "Без изменений", "Пользователь"],
    )
    return content, f"Протокол импорта {name}", XLSX_CONTENT_TYPE


class ImportView(LoginRequiredMixin, TemplateView):
    """Upload → dry-run preview (errors per row) → commit. Needs the registry's ``add`` permission."""

    importer_class: type[Importer] = None
    list_url_name = ""
    template_name = "registry/import.html"

    @property
    def opts(self):
        return self.importer_class.model._meta

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}"):
            raise PermissionDenied("Импорт в этот реестр вам недоступен.")
        return super().dispatch(request, *args, **kwargs)

    #: Update mode of this request («Обновить существующие записи» ticked, or the pending file's choice).
    update_mode = False

    def importer(self):
        return self.importer_class(
            self.request.user, organisation=self.request.active_organisation, update=self.update_mode
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        importer = self.importer()
        context.update(
            title=f"Импорт из XLSX: {self.opts.verbose_name_plural}",
            columns=[(c, importer.describe(c), importer.is_required(c)) for c in importer.file_columns()],
            list_url=reverse(self.list_url_name) if self.list_url_name else None,
            template_url=self.request.path + "template/",
            max_rows=f"{settings.IMPORT_MAX_ROWS:,}".replace(",", "\u00a0"),
            max_mb=settings.MAX_UPLOAD_MB,
            organisation=importer.organisation,
            update_key=next(
                (c.header for c in importer.columns if importer.update_key and c.field == importer.update_key),
                None,
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        token = request.POST.get("token")
        if token:
            return self.commit(token)
        upload = request.FILES.get("file")
        if upload is None:
            return self.render_to_response(self.get_context_data(refused="Выберите файл XLSX для загрузки."))
        update = self.update_mode = bool(request.POST.get("update"))
        importer = self.importer()
        try:
            result = importer.parse(upload)
        except ImportRefused as exc:
            return self.render_to_response(self.get_context_data(refused=str(exc), update=update))
        context = self.get_context_data(
            result=result, preview=self.preview(importer, result), filename=upload.name, update=update
        )
        if result.ok:
            upload.seek(0)
            token = uuid.uuid4().hex
            stored = default_storage.save(f"imports/{token}.xlsx", ContentFile(upload.read()))
            pending = request.session.get(SESSION_KEY, {})
            pending[token] = {
                "path": stored, "name": upload.name, "model": self.opts.label_lower, "rows": result.total,
                "update": importer.update,
            }
            request.session[SESSION_KEY] = pending
            context["token"] = token
        return self.render_to_response(context)

    def preview(self, importer, result):
        headers = [c.header for c in importer.columns]
        rows = []
        for number, values in result.rows[:PREVIEW_ROWS]:
            cells = [self.display(values.get(c.field or c.key), c) for c in importer.columns]
            rows.append((number, "обновление" if values.get("_update") else "новая", cells))
        return {"headers": headers, "rows": rows, "update": importer.update}

    @staticmethod
    def display(value, column=None):
        if value is None:
            return ""
        if column is not None and column.kind == "choice":
            return dict(column.choices).get(value, value)  # the label the user wrote, not the stored code
        if isinstance(value, bool):
            return "да" if value else "нет"
        if isinstance(value, date):
            return value.strftime("%d.%m.%Y")
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return str(value)

    def commit(self, token):
        pending = self.request.session.get(SESSION_KEY, {})
        entry = pending.pop(token, None)
        self.request.session[SESSION_KEY] = pending
        if entry is None or entry.get("model") != self.opts.label_lower:
            messages.error(self.request, "Предпросмотр устарел: загрузите файл ещё раз.")
            return redirect(self.request.path)
        if entry.get("rows", 0) > BACKGROUND_ROWS:
            from .jobs import start_job

            job = start_job(
                user=self.request.user,
                title=f"Импорт «{entry['name']}»: {self.opts.verbose_name_plural}",
                function="salsk_mentoring.imports.import_job",
                importer=f"{self.importer_class.__module__}.{self.importer_class.__qualname__}",
                path=entry["path"],
                name=entry["name"],
                rows=entry["rows"],
                organisation=getattr(self.request.active_organisation, "pk", None),
                update=entry.get("update", False),
            )
            return redirect(job)
        self.update_mode = entry.get("update", False)
        importer = self.importer()
        try:
            with default_storage.open(entry["path"], "rb") as fh:
                upload = ContentFile(fh.read(), name=entry["name"])
            upload.size = len(upload)
            result = importer.run(upload, dry_run=False)
        except ImportRefused as exc:
            return self.render_to_response(self.get_context_data(refused=str(exc)))
        finally:
            default_storage.delete(entry["path"])
        if not result.ok:
            # The data changed since the preview (e.g. someone added the same e-mail): nothing is written.
            return self.render_to_response(
                self.get_context_data(result=result, preview=None, filename=entry["name"])
            )
        done = f"добавлено записей — {result.created}"
        if importer.update:
            done += f", обновлено — {result.updated}, без изменений — {result.unchanged}"
        messages.success(self.request, f"Импорт выполнен (файл «{entry['name']}»): {done}.")
        return redirect(reverse(self.list_url_name) if self.list_url_name else self.request.path)


class ImportTemplateView(ImportView):
    def get(self, request, *args, **kwargs):
        importer = self.importer()
        return attachment(
            importer.template(),
            filename=f"Шаблон импорта — {self.opts.verbose_name_plural}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )

    def post(self, request, *args, **kwargs):
        return self.http_method_not_allowed(request, *args, **kwargs)


def import_urls(prefix: str, model_name: str, importer_class: type[Importer], *, list_url_name: str):
    """``<prefix>/import/`` and ``<prefix>/import/template/`` for one registry."""
    attrs = {"importer_class": importer_class, "list_url_name": list_url_name}
    view = type(f"{importer_class.__name__}View", (ImportView,), attrs)
    template_view = type(f"{importer_class.__name__}TemplateView", (ImportTemplateView,), attrs)
    return [
        path(f"{prefix}/import/", view.as_view(), name=f"{model_name}_import"),
        path(f"{prefix}/import/template/", template_view.as_view(), name=f"{model_name}_import_template"),
    ]
