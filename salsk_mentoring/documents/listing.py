"""A list an official can hand on: the same rows as XLSX (:func:`.xlsx.listing_xlsx`) and as PDF (:func:`listing_pdf`).

A :class:`Listing` carries what a reader needs besides the rows — what the list is, which filter made it, when
and by whom — and typed values: dates stay dates (a date cell in XLSX, 15.11.2021 in print), numbers stay
numbers, yes/no is «да»/«нет», a status is its Russian word (never a coloured badge: a b/w printer loses colour).
:func:`from_table` makes one from a django-tables2 table of a filtered queryset, streaming the rows (a region's
60,000 teachers are not held as model objects) and reporting progress.
"""

import datetime
import html
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeData

from . import longtable
from .cells import cell_reader

EMPTY = ("", "—", None)


@dataclass
class Column:
    header: str
    kind: str = "text"  # "text", "number", "date", "datetime", "yesno"


@dataclass
class Listing:
    title: str
    columns: list[Column]
    rows: list[list]
    filters: list[str] = field(default_factory=list)
    generated: datetime.datetime | None = None  # local time
    author: str = ""

    def __post_init__(self):
        if self.generated is None:
            self.generated = timezone.localtime()

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def filter_line(self) -> str:
        return "Отбор: " + ("; ".join(self.filters) if self.filters else "все записи")

    @property
    def made_line(self) -> str:
        line = f"Сформировано {self.generated:%d.%m.%Y в %H:%M}"
        return f"{line}, {self.author}" if self.author else line

    def file_name(self, extension: str) -> str:
        return file_name(self.title, extension, self.generated)

    @property
    def count_line(self) -> str:
        return f"Записей: {len(self.rows)}"

    def printed_rows(self, numbered: bool = False) -> list[list[str]]:
        """The rows as printed: dates 15.11.2021, empty cells empty; ``numbered``: «№ п/п» first."""
        kinds = [column.kind for column in self.columns]
        if numbered:
            return [
                [str(number), *(text(v, k) for v, k in zip(row, kinds, strict=True))]
                for number, row in enumerate(self.rows, start=1)
            ]
        return [[text(v, k) for v, k in zip(row, kinds, strict=True)] for row in self.rows]


def file_name(title: str, extension: str, generated: datetime.datetime | None = None) -> str:
    """The name a list's download is saved under — its title and date, «Педагоги 04.12.2026.pdf»: the PDF and the
    XLSX of a list share it, and two different lists (the public bank, the registry's bank) never do."""
    generated = generated or timezone.localtime()
    return f"{title} {generated:%d.%m.%Y}.{extension}"


def plain(value):
    """A cell value as a reader sees it: HTML (a badge, a link) as its text, «да»/«нет» for yes/no, an aware
    date-time in local time; dates and numbers stay typed."""
    if isinstance(value, SafeData):
        value = html.unescape(strip_tags(str(value))).strip()
    if isinstance(value, str) and len(value) <= 32 and value[:1].isdigit():
        value = _date_in_text(value)
    elif value in ("True", "False"):  # a column that printed a bool as text
        value = value == "True"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, (str, int, float, Decimal, datetime.date)):
        return value
    return str(value)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")
_RU_DATE = re.compile(r"^\d{2}\.\d{2}\.\d{4}$")


def _date_in_text(value: str):
    """A date a column rendered as text («2021-12-01», «31.01.2022», an ISO date-time) back as a date: every
    export shows it as a date cell ДД.ММ.ГГГГ and every print as 01.12.2021, whatever column made it."""
    try:
        if _ISO_DATE.match(value):
            return datetime.date.fromisoformat(value)
        if _RU_DATE.match(value):
            return datetime.datetime.strptime(value, "%d.%m.%Y").date()
        if _ISO_DATETIME.match(value):
            return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    return value


def kind_of(values) -> str:
    """The kind of a column from its values: all dates → date, all numbers → number, else text."""
    kinds = set()
    for value in values:
        if value in EMPTY:
            continue
        if isinstance(value, datetime.datetime):
            kinds.add("datetime")
        elif isinstance(value, datetime.date):
            kinds.add("date")
        elif isinstance(value, (int, float, Decimal)):
            kinds.add("number")
        elif value in ("да", "нет"):
            kinds.add("yesno")
        else:
            return "text"
    return kinds.pop() if len(kinds) == 1 else "text"


def text(value, kind: str = "text") -> str:
    """A value as printed: 15.11.2021, 15.11.2021 10:30, 12,5; empty as nothing."""
    if value in EMPTY:
        return ""
    if isinstance(value, datetime.datetime):
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, Decimal):
        return str(value.normalize() if value == value.to_integral() else value).replace(".", ",")
    return str(value)


def from_table(
    table, *, title: str, filters=(), author: str = "", exclude=(), progress=None, leading=(), taken=None
) -> Listing:
    """The rows of a django-tables2 ``table`` over a queryset, in the table's order, as typed values.

    ``leading``: (header, function of the record) columns written first (an importable registry's import
    columns, so that the file can be imported back); a table column of the same header, or one ``taken(header)``
    says the leading columns stand for («ФИО» for «Фамилия», «Имя», «Отчество»), is left out.
    The queryset is read in chunks (``iterator``), not kept by the table: each record becomes a row of values
    and is dropped. ``progress(done, total)`` is called every 500 rows."""
    exclude = set(exclude) | set(getattr(table, "export_exclude", ()))
    leading_keys = {_key(header) for header, _ in leading}
    columns = [
        c for c in table.columns.iterall()
        if not (c.column.exclude_from_export or c.name in exclude or _key(str(c.header)) in leading_keys
                or (taken is not None and taken(str(c.header))))
    ]
    getters = [getter for _, getter in leading] + [cell_reader(table, c) for c in columns]
    data = table.data.data
    total = data.count() if hasattr(data, "count") and not isinstance(data, list) else len(data)
    records = data.iterator(chunk_size=2000) if hasattr(data, "iterator") else iter(data)
    rows = []
    for record in records:
        rows.append([plain(get(record)) for get in getters])
        if progress is not None and len(rows) % 500 == 0:
            progress(len(rows), total)
    if progress is not None:
        progress(len(rows), total)
    headers = [header for header, _ in leading] + [str(c.header) for c in columns]
    kinds = [kind_of(row[i] for row in rows) for i in range(len(headers))]
    return Listing(
        title=title,
        columns=[Column(header, kind) for header, kind in zip(headers, kinds, strict=True)],
        rows=rows,
        filters=list(filters),
        author=author,
    )


def author_name(user) -> str:
    """Who made a document, as its title block names them: the full name, else the login."""
    return user.get_full_name() or user.get_username()


def _key(header: str) -> str:
    return " ".join(str(header).split()).lower().replace("ё", "е")


LIST_PT = 8.5
LIST_PAD_X = 2.5


_debug = None


def listing_pdf(listing: Listing, progress=None) -> bytes:
    """The list as pages an official can read: the title, the filter and the date on the first page, «№ п/п»,
    dates as 15.11.2021, each column as wide as its data needs on every page, landscape when the columns need
    it (the orientation that takes fewer pages; on a tie, the one whose rows break into fewer lines — the long
    text in a wide column reads better), the header on every page, «стр. N из M» at the foot.
    ``progress(pages, estimated_pages)`` after each page."""
    longtable._register_fonts()
    kinds = [column.kind for column in listing.columns]
    headers = ["№ п/п", *listing.headers]
    rows = listing.printed_rows(numbered=True)  # one copy of a region's 62,000 rows, not two
    align = {0: "center"}
    align.update({i + 1: "right" for i, k in enumerate(kinds) if k == "number"})
    align.update({i + 1: "center" for i, k in enumerate(kinds) if k in ("date", "datetime", "yesno")})
    nowrap = {i for i, how in align.items() if how != "left"}
    minimum, maximum = longtable.natural_widths(
        headers, rows, size=LIST_PT, nowrap=nowrap, dense=True, pad_x=LIST_PAD_X
    )
    preamble = [
        longtable.Line(listing.title, font=longtable.FONT_BOLD, size=12, align="center", space_after=4),
        longtable.Line(listing.filter_line, size=LIST_PT + 1, align="center"),
        longtable.Line(f"{listing.made_line}. {listing.count_line}.", size=LIST_PT + 1, align="center",
                       space_after=8),
    ]
    portrait_width = longtable.Sheet(title="", page_margins=(12, 10, 12, 20)).pagesize[0] - 30 * longtable.MM
    if sum(maximum) <= portrait_width:
        orientations = (False,)  # every cell on one line in portrait
    elif sum(minimum) > portrait_width:
        orientations = (True,)  # the longest words alone do not fit a portrait page
    else:
        orientations = (False, True)  # the one that takes fewer pages
    best = None
    for landscape in orientations:
        sheet = longtable.Sheet(
            title=listing.title,
            landscape=landscape,
            size=LIST_PT,
            pad_x=LIST_PAD_X,
            pad_y=1.5,
            leading=1.15,
            preamble=preamble,
            numbering="of",
            footer=f"{listing.title} — по состоянию на {listing.generated:%d.%m.%Y}",
            page_margins=(12, 12, 10, 20) if landscape else (12, 10, 12, 20),
        )
        widths = longtable.dense_widths(
            minimum, maximum, rows, longtable.text_width(sheet), size=LIST_PT, pad_x=LIST_PAD_X
        )
        pages, lines = longtable.estimate(sheet, headers, rows, widths)
        if _debug is not None:
            _debug.append((landscape, pages, round(lines, 2)))
        if best is None or (pages, lines) < best[:2]:
            best = (pages, lines, sheet, widths)
    pages, _, sheet, widths = best
    report = (lambda done: progress(done, max(pages, done))) if progress is not None else None
    return longtable.set_table(sheet, headers, rows, widths=widths, align=align, progress=report)
