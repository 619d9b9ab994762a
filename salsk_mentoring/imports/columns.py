"""A column of an import file and how its cells become values (no database here).

:class:`Column` declares one column; :func:`convert_value` turns a filled cell of a value kind (text, number,
yes/no, date, choice) into the value stored, refusing a formula or a text Excel would take for one.
Kinds that look something up (``organisation``, ``lookup``) are converted by the importer, which holds the
lookups of the file.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

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


#: Spaces Excel users paste from the web and Word (no-break, narrow, figure) and invisible marks.
ODD_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u2002\u2003"), " ") | dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None
)


def clean_text(text, *, multiline=False) -> str:
    """A cell's text with no-break and other odd spaces made plain, invisible marks removed and runs of
    spaces collapsed (line breaks kept in a ``text`` column)."""
    text = str(text).translate(ODD_SPACES)
    if multiline:
        return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())
    return re.sub(r"\s+", " ", text)


def header_key(text) -> str:
    """A header cell compared without case, «ё», punctuation and spacing: «Ф.И.О.» is «ф и о»,
    «Общий стаж (лет)» is «Общий стаж, лет»."""
    if text is None:
        return ""
    return re.sub(r"[^\w№]+", " ", normalise(clean_text(text))).strip()


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

    def describe(self) -> str:
        """What to write in this column: the «Пояснения» sheet of the template and the import page."""
        if self.help:
            return self.help
        if self.kind == "int":
            bounds = []
            if self.min_value is not None:
                bounds.append(f"от {self.min_value}")
            if self.max_value is not None:
                bounds.append(f"до {self.max_value}")
            return "Целое число " + " ".join(bounds)
        if self.kind == "bool":
            return "«да» или «нет»"
        if self.kind == "date":
            return "Дата ДД.ММ.ГГГГ"
        if self.kind == "email":
            return "Адрес электронной почты" + (", не повторяется" if self.unique else "")
        if self.kind == "choice":
            return "Одно из: " + "; ".join(str(label) for _, label in self.choices)
        if self.kind == "organisation":
            return "Краткое наименование организации, как в реестре организаций (для школы — только своя)"
        return "Текст" + (f" до {self.max_length} знаков" if self.max_length else "")


def refuse_formula(cell: str):
    """A formula (``=HYPERLINK(...)``) or a text Excel would take for one never reaches the database."""
    if FORMULA_RE.match(cell):
        raise ValidationError(
            "ячейка содержит формулу или начинается с символа формулы "
            f"(«{cell[:30]}»); формулы не принимаются — введите значение текстом."
        )


def convert_value(column: Column, cell):
    """The value of a filled cell of a value kind; a Russian ``ValidationError`` when it is not one."""
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
            # «1 200», «12,0», «12.» — spaces between digit groups and a zero fraction are how people type
            text = re.sub(r"\s+", "", clean_text(cell))
            match = re.fullmatch(r"(-?\d+)(?:[.,]0*)?", text)
            if not match:
                if re.fullmatch(r"-?\d+[.,]\d+", text):
                    raise ValidationError(f"ожидается целое число, а указано дробное «{cell}».")
                raise ValidationError(f"ожидается целое число, а указан текст «{cell}».")
            number = int(match.group(1))
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
        return convert_date(cell)
    if kind == "choice":
        value = column._choice_map.get(normalise(cell))
        if value is None:
            allowed = "; ".join(str(label) for _, label in column.choices)
            raise ValidationError(f"«{cell}» — нет такого значения. Допустимо: {allowed}.")
        return value
    raise ValueError(f"Unknown column kind {kind!r}")


MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8, "сентябр": 9,
    "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
MONTH_RE = re.compile(
    r"(\d{1,2})\s+([а-яё]+)\.?\s+(\d{4})(?:\s*(?:г|года?)\.?)?", re.IGNORECASE
)
DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y.%m.%d")
#: Excel day numbers of 01.01.1950 and 31.12.2099: a number in a date column in this range is a date whose
#: cell was not formatted as one (openpyxl reads it as a number).
EXCEL_SERIALS = (18264, 73050)


def _month(word: str) -> int | None:
    word = word.lower().replace("ё", "е")
    for stem, number in MONTHS.items():
        if word.startswith(stem) and (stem != "ма" or word in ("май", "мая", "мае")):
            return number
    return None


def convert_date(cell) -> date:
    """A date from what people put in a date column: a date cell, «01.09.2021», «1.9.21», «2021-09-01»,
    «1 сентября 2021 г.», «01.09.2021 0:00:00» (a date that went through text), an Excel day number."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if EXCEL_SERIALS[0] <= cell <= EXCEL_SERIALS[1] and float(cell).is_integer():
            return date(1899, 12, 30) + timedelta(days=int(cell))
        raise ValidationError(f"ожидается дата ДД.ММ.ГГГГ, а указано число «{cell}».")
    text = clean_text(cell).strip()
    if re.fullmatch(r"\d{5}", text) and EXCEL_SERIALS[0] <= int(text) <= EXCEL_SERIALS[1]:
        return date(1899, 12, 30) + timedelta(days=int(text))
    bare = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", re.sub(r"\s*г(ода?)?\.?$", "", text))
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(bare, fmt).date()
        except ValueError:
            continue
    match = MONTH_RE.fullmatch(text)
    if match:
        month = _month(match.group(2))
        if month:
            try:
                return date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                raise ValidationError(f"такой даты нет: «{text}».") from None
    raise ValidationError(f"ожидается дата ДД.ММ.ГГГГ, а указано «{text}».")
