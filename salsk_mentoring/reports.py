"""«Отчёты»: one page listing every report and document of the portal with its formats and filters.

Each app registers what it offers (``<app>/reports.py``, imported by its ``AppConfig.ready``)::

    @report_entries
    def reports(user, choices: Choices) -> list[Report]

A :class:`Report` names its target (a URL name, or a function of the chosen filter values for a report whose
URL holds the object — an order, a campaign, an organisation), its formats and its filters. Nothing is built
here: every format is a link to the app's existing report or export, which checks the user's rights and scope
again. A provider offers only what the user may open (a school: its own organisation's reports and lists),
and its filter choices come from its own ``for_user`` scope. The choice lists shared by several reports
(years, municipalities, organisations) are read once per page through :class:`Choices`: the page's query count
does not grow with the rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

_PROVIDERS = []


@dataclass(frozen=True)
class Format:
    label: str  # «PDF», «XLSX», «DOCX», «Открыть»
    query: dict = field(default_factory=dict)  # added to the target's query: {"_export": "pdf"}
    #: A format served by another URL than the report's page (an order's PDF, the plan's XLSX): its URL name
    #: (the filters go into its query), or a function of the chosen values.
    url_name: str = ""
    target: Callable | None = field(default=None, compare=False)


OPEN = Format("Открыть")
PDF = Format("PDF", {"_export": "pdf"})
XLSX = Format("XLSX", {"_export": "xlsx"})


@dataclass
class Filter:
    name: str  # the target's query parameter (or the key the target function reads)
    label: str
    choices: list  # [(value, label)]
    required: bool = False  # the report is of one object: no «все»
    empty_label: str = "все"


@dataclass
class Report:
    key: str
    title: str
    section: str
    description: str = ""
    url_name: str = ""
    target: Callable[[dict], str] | None = None  # chosen values → the report's URL (an object in the path)
    formats: list = field(default_factory=lambda: [OPEN])
    filters: list = field(default_factory=list)
    order: int = 100

    def url(self, values: dict, fmt: Format) -> str:
        values = {k: v for k, v in values.items() if v not in (None, "")}
        target = fmt.target or (None if fmt.url_name else self.target)
        if target is not None:
            base, query = target(values), {}
        else:
            base = reverse(fmt.url_name or self.url_name)
            query = {f.name: values[f.name] for f in self.filters if f.name in values}
        query.update(fmt.query)
        return f"{base}?{urlencode(query)}" if query else base

    def format(self, label: str) -> Format | None:
        return next((f for f in self.formats if f.label == label), None)

    def chosen(self, params) -> tuple[dict, list[str]]:
        """The filter values of ``params`` that are among the choices, and the Russian problems."""
        values, problems = {}, []
        for f in self.filters:
            value = params.get(f.name, "")
            allowed = {str(v) for v, _ in f.choices}
            if value and value in allowed:
                values[f.name] = value
            elif value:
                problems.append(f"«{f.label}»: выбранного значения нет в списке.")
            elif f.required:
                problems.append(f"Выберите «{f.label}».")
        return values, problems


class Choices:
    """Choice lists shared by the reports of a page, each read once (``get(key, build)``)."""

    def __init__(self, user):
        self.user = user
        self._cache = {}

    def get(self, key: str, build: Callable[[], list]) -> list:
        if key not in self._cache:
            self._cache[key] = list(build())
        return self._cache[key]


def report_entries(function):
    """Register ``function(user, choices) -> list[Report]``."""
    _PROVIDERS.append(function)
    return function


def reports_for(user) -> list[Report]:
    choices = Choices(user)
    reports = [report for provider in _PROVIDERS for report in provider(user, choices)]
    return sorted(reports, key=lambda r: (r.order, r.title))


def sections(reports: list[Report]) -> list[tuple[str, list[Report]]]:
    grouped = {}
    for report in reports:
        grouped.setdefault(report.section, []).append(report)
    return list(grouped.items())
