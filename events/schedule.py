"""Deadline texts of the event plan → a structured schedule.

The plan of Order 866 writes its deadlines in free text: «до 01.12.2021г»,
«Ноябрь 2021-январь 2022», «Декабрь 2021, май 2022», «Январь, май»,
«ежегодно», «Весь период», «По плану ГБУ ДПО РО РИПК и ППРО»… The verbatim
text is kept on the item for print; :func:`parse_deadline` turns it into a
:class:`Schedule` that statuses, calendars and reminders use.

Month names without a year are placed in the plan's academic year
(September–December in its first calendar year, January–August in the second).
A text that matches no known form raises :class:`UnknownDeadline`: the item
keeps the text and is marked for a methodist to pin dates — it is never guessed.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field

DUE = "due"
RANGE = "range"
CHECKPOINTS = "checkpoints"
RECURRING = "recurring"
WHOLE_PERIOD = "whole_period"
EXTERNAL = "external"
UNKNOWN = "unknown"

KIND_CHOICES = [
    (DUE, "срок «до»"),
    (RANGE, "период"),
    (CHECKPOINTS, "контрольные точки"),
    (RECURRING, "ежегодно"),
    (WHOLE_PERIOD, "весь период"),
    (EXTERNAL, "по плану внешней организации"),
    (UNKNOWN, "не распознан"),
]

MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
MONTH_NAMES = [
    "",
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]
# Longest stems first so «март» is not taken for «ма(й)».
_MONTH_RE = "|".join(sorted((f"{stem}[а-яё]*" for stem in MONTHS), key=len, reverse=True))
MONTH_YEAR = re.compile(
    rf"^\s*(?P<month>{_MONTH_RE})(?:\s+(?P<year>\d{{4}}))?\s*(?:г(?:ода?)?\.?)?\s*$", re.I
)
DASHES = "-–—‑"

# Organisations whose own schedules some items follow.
EXTERNAL_BODIES = (
    "ГБУ ДПО РО РИПК и ППРО",
    "ЦНППМПР",
    "Академии Минпросвещения России",
    "Академии Минпросвещения",
)


class UnknownDeadline(ValueError):
    """The deadline text is in no known form; the message says so in Russian."""


@dataclass(frozen=True)
class Schedule:
    kind: str
    start: datetime.date | None = None
    end: datetime.date | None = None
    checkpoints: tuple[datetime.date, ...] = field(default_factory=tuple)
    external: str = ""

    @property
    def needs_pinning(self) -> bool:
        return self.kind in (EXTERNAL, UNKNOWN)


def last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _month_number(word: str) -> int:
    word = word.lower()
    for stem, number in sorted(MONTHS.items(), key=lambda kv: len(kv[0]), reverse=True):
        if word.startswith(stem):
            return number
    raise UnknownDeadline(f"Не распознан месяц «{word}».")


def _year_for(month: int, start_year: int) -> int:
    """A month without a year belongs to the academic year starting in September of ``start_year``."""
    return start_year if month >= 9 else start_year + 1


def _month(text: str, start_year: int) -> tuple[int, int]:
    match = MONTH_YEAR.match(text)
    if not match:
        raise UnknownDeadline(f"Не распознан месяц «{text.strip()}».")
    month = _month_number(match["month"])
    year = int(match["year"]) if match["year"] else _year_for(month, start_year)
    return year, month


def _date(text: str) -> datetime.date | None:
    match = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(?:г(?:ода?)?\.?)?\s*", text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise UnknownDeadline(f"Дата «{text.strip()}» не существует.") from exc


def parse_deadline(text: str, *, start_year: int, period_start=None, period_end=None) -> Schedule:
    """Parse a deadline text of the plan whose academic year starts in ``start_year``.

    ``period_start``/``period_end`` bound «весь период», «в течение года» and «ежегодно»;
    by default the academic year (1 September – 31 August).
    """
    period_start = period_start or datetime.date(start_year, 9, 1)
    period_end = period_end or datetime.date(start_year + 1, 8, 31)
    raw = " ".join((text or "").split())
    low = raw.lower().rstrip(".")
    if not low:
        raise UnknownDeadline("Срок исполнения не указан.")

    # External schedules: «По плану …», «по отдельному графику …», «В соответствии с графиком …».
    external = re.match(
        r"^(?:по плану|по отдельному графику|в соответствии с графиком)\s+(?P<who>.+)$", raw, re.I
    )
    if external:
        return Schedule(EXTERNAL, external=external["who"].rstrip("."))

    if low in (
        "весь период",
        "в течение всего периода",
        "в течение года",
        "в течение учебного года",
        "постоянно",
    ):
        return Schedule(WHOLE_PERIOD, start=period_start, end=period_end)
    if low == "ежегодно":
        return Schedule(RECURRING, start=period_start, end=period_end, checkpoints=(period_end,))

    # «до 01.12.2021г», «до 31.12.2021», «до конца 2021 года».
    before = re.match(r"^до\s+(?P<rest>.+)$", low)
    if before:
        rest = before["rest"]
        day = _date(rest)
        if day:
            return Schedule(DUE, start=period_start, end=day)
        end_of_year = re.fullmatch(r"конца\s+(\d{4})\s*(?:г(?:ода?)?\.?)?", rest)
        if end_of_year:
            return Schedule(DUE, start=period_start, end=datetime.date(int(end_of_year[1]), 12, 31))
        try:
            year, month = _month(re.sub(r"^конца\s+", "", rest), start_year)
        except UnknownDeadline:
            pass
        else:
            return Schedule(DUE, start=period_start, end=last_day(year, month))
        raise UnknownDeadline(f"Не распознан срок «{raw}»: после «до» ожидается дата вида 01.12.2021.")

    day = _date(low)
    if day:
        return Schedule(DUE, start=day, end=day)

    # Checkpoints: «Декабрь 2021, май 2022», «Январь, май».
    if "," in low:
        parts = [p for p in (s.strip() for s in low.split(",")) if p]
        months = [_month(p, start_year) for p in parts]
        dates = tuple(last_day(y, m) for y, m in months)
        if list(dates) != sorted(dates):
            raise UnknownDeadline(f"Контрольные точки «{raw}» идут не по порядку.")
        return Schedule(CHECKPOINTS, start=datetime.date(*months[0], 1), end=dates[-1], checkpoints=dates)

    # Range: «Ноябрь 2021-январь 2022», «Январь – май 2022».
    pieces = re.split(rf"\s*[{DASHES}]\s*", low)
    if len(pieces) == 2 and all(pieces):
        first, second = pieces
        y2, m2 = _month(second, start_year)
        match = MONTH_YEAR.match(first)
        if not match:
            raise UnknownDeadline(f"Не распознан период «{raw}».")
        m1 = _month_number(match["month"])
        y1 = int(match["year"]) if match["year"] else (y2 if m1 <= m2 else y2 - 1)
        start, end = datetime.date(y1, m1, 1), last_day(y2, m2)
        if end < start:
            raise UnknownDeadline(f"Период «{raw}» заканчивается раньше, чем начинается.")
        return Schedule(RANGE, start=start, end=end)

    # A single month: «Май 2022», «декабрь».
    try:
        year, month = _month(low, start_year)
    except UnknownDeadline:
        pass
    else:
        return Schedule(RANGE, start=datetime.date(year, month, 1), end=last_day(year, month))

    raise UnknownDeadline(
        f"Срок «{raw}» не распознан. Известные формы: «до 01.12.2021», «до конца 2021 года», "
        "«Ноябрь 2021-январь 2022», «Декабрь 2021, май 2022», «ежегодно», «Весь период», "
        "«в течение года», «По плану …», «В соответствии с графиком …»."
    )


def describe(schedule: Schedule) -> str:
    """Short Russian description of a parsed schedule: «до 01.12.2021», «01.11.2021 – 31.01.2022»…"""
    fmt = "%d.%m.%Y"
    if schedule.kind == DUE:
        return f"до {schedule.end:{fmt}}"
    if schedule.kind in (RANGE, WHOLE_PERIOD):
        return f"{schedule.start:{fmt}} – {schedule.end:{fmt}}"
    if schedule.kind == CHECKPOINTS:
        return ", ".join(d.strftime(fmt) for d in schedule.checkpoints)
    if schedule.kind == RECURRING:
        return f"ежегодно, в этом плане — до {schedule.end:{fmt}}"
    if schedule.kind == EXTERNAL:
        return f"по графику: {schedule.external}"
    return "срок не распознан"
