"""«Мои задачи»: every duty of one organisation in one list, whichever section of the portal it comes from.

Each app that gives organisations work registers one function (``<app>/inbox.py``, imported by its
``AppConfig.ready``), as the organisation card's links do (salsk_mentoring.hub)::

    @organisation_duties
    def duties(user, organisation, year, day) -> list[Duty]

``year`` is the academic year the inbox shows (the current one), ``None`` for «all years» (:func:`in_year`
narrows a queryset to it). A provider reads with its own ``for_user(user)`` scope and a fixed number of queries
whatever the number of its rows; the inbox's query count is the sum of the providers'. Each duty names the order
point it comes from (``basis``) and the page where the organisation acts on it (``url``; :func:`record_duty`
for a duty done on a record's own page).

The list is sorted by due date with the overdue first; duties without a date go after the dated ones. A duty
done (``done``) is listed apart.

Which years: :func:`shown_duties` — the one selection «Мои задачи» and the dashboard's widget both show: the
current academic year (``AcademicYear.current()``, the flag the rollover moves) and any later one (a published
plan of the next year is work to do, never hidden); the duties of earlier years only on request, their open ones
counted.
"""

import datetime
from dataclasses import dataclass

_PROVIDERS = []


@dataclass
class Duty:
    #: The section: «План мероприятий», «ИОМ», «Мониторинг», «Банк наставников».
    kind: str
    title: str
    due: datetime.date | None
    #: The order point it comes from: «п. 3.3 приказа от 15.11.2021 № 866», «п. 18 плана мероприятий 2026-2027».
    basis: str
    url: str
    #: The button: «Отчитаться», «Составить ИОМ», «Заполнить отчёт»…
    action: str
    #: State in words: «не начато», «возвращён на доработку»…
    state: str = ""
    done: bool = False
    overdue: bool = False
    #: The academic year's name («2026-2027»): what the line belongs to.
    year: str = ""
    #: The deadline as written when it is not one date («Ноябрь 2026-январь 2027»).
    due_text: str = ""

    @property
    def sort_key(self):
        far = datetime.date.max
        return (self.done, not self.overdue, self.due or far, self.kind, self.title)


def in_year(queryset, year, field="academic_year"):
    """``queryset`` narrowed to the academic year the inbox shows (``field`` leads to it); all of it for ``None``."""
    return queryset if year is None else queryset.filter(**{field: year})


def record_duty(record, year, **fields) -> Duty:
    """A duty done on ``record``'s own page in academic ``year``: the link and the year's name come from them."""
    return Duty(url=record.get_absolute_url(), year=year.name, **fields)


def organisation_duties(function):
    """Register ``function(user, organisation, year, day) -> list[Duty]``."""
    _PROVIDERS.append(function)
    return function


def duties_for(user, organisation, *, year=None, day=None) -> list[Duty]:
    """Every duty of ``organisation`` in ``year`` (``None``: all years), overdue first, then by due date."""
    from django.utils import timezone

    day = day or timezone.localdate()
    duties = [duty for provider in _PROVIDERS for duty in provider(user, organisation, year, day)]
    return sorted(duties, key=lambda duty: duty.sort_key)


def shown_duties(user, organisation, *, year, day=None, all_years=False) -> tuple[list[Duty], int]:
    """The duties «Мои задачи» and the dashboard show (see the module docstring) and how many open duties of
    earlier years are left out. ``year``: the current academic year (None: every year is shown)."""
    everything = duties_for(user, organisation, day=day)
    if all_years or year is None:
        return everything, 0
    earlier = [d for d in everything if d.year and d.year < year.name]
    left_out = {id(d) for d in earlier}
    return [d for d in everything if id(d) not in left_out], sum(1 for d in earlier if not d.done)
