"""Where each appendix of an order takes its content from: the kinds of appendix, rendered live or from a
frozen order's snapshot.

A kind backed by a registry names its domain app's functions (``<app>/appendices.py``, see
salsk_mentoring/documents/appendix.py): ``<kind>(*, params, user) -> AppendixContent`` and the cheap
``<kind>_outline(*, params, user) -> AppendixOutline``. A kind with no data gives the Russian state
«Данные приложения отсутствуют: …» instead of an error or invented content.

:func:`outline` is what the order's card needs — title, missing state, whether the appendix is a table —
without building the rows (a few ``exists()`` queries). It is the same three values as :func:`render` gives
(test_outline.py).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import format_html

from events import appendices as events_appendices
from iom import appendices as iom_appendices
from mentors import appendices as mentors_appendices
from monitoring import appendices as monitoring_appendices
from salsk_mentoring.documents import AppendixContent, AppendixOutline
from salsk_mentoring.text import rich_text_html, sanitise_rich_text
from schools import appendices as schools_appendices

logger = logging.getLogger(__name__)

MISSING_PREFIX = "Данные приложения отсутствуют"


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    section: str = ""  # the section of the portal that holds the data
    # ``(*, params, user) -> AppendixContent`` and its cheap outline; None for kinds typed into the order itself
    content: Callable[..., AppendixContent] | None = None
    outline: Callable[..., AppendixOutline] | None = None
    params_help: str = ""

    @property
    def is_registry(self):
        return self.content is not None


TITLES = {
    "monitoring_results": (
        "Результаты проведения мониторинга внедрения целевой модели наставничества (ЦМН) в "
        "образовательных организациях Сальского района и достижения показателей эффективности"
    ),
    "organisations_targets": (
        "Перечень муниципальных образовательных организаций Сальского района по реализации "
        "методологии (целевой модели) наставничества обучающихся с показателями эффективности"
    ),
    "programme_templates": "Примерные программы по формам взаимодействия «учитель-учитель», «ученик-ученик»",
    "iom_template": "Примерный индивидуальный образовательный маршрут развития молодых специалистов",
    "event_plan": (
        "План проведения мероприятий по реализации целевой модели наставничества и созданию единой "
        "системы научно-методического сопровождения педагогических работников"
    ),
    "pilot_organisations": "Перечень пилотных общеобразовательных организаций",
    "mentor_bank": "Список педагогов, составляющих муниципальный банк педагогов-наставников",
}

KINDS = {
    kind.key: kind
    for kind in (
        Kind(
            "monitoring_results",
            "Результаты мониторинга внедрения ЦМН (прил. 1 к № 866)",
            "Мониторинг",
            monitoring_appendices.monitoring_results,
            monitoring_appendices.monitoring_results_outline,
            "year — номер учебного года в реестре (1 — 2020-2021)",
        ),
        Kind(
            "organisations_targets",
            "Перечень организаций с показателями эффективности (прил. 2)",
            "Мониторинг",
            monitoring_appendices.organisations_targets,
            monitoring_appendices.organisations_targets_outline,
            "year — номер учебного года в реестре (2 — 2021-2022)",
        ),
        Kind(
            "programme_templates",
            "Примерные программы наставничества (прил. 3)",
            "Педагоги и наставничество",
            mentors_appendices.programme_templates,
            mentors_appendices.programme_templates_outline,
        ),
        Kind(
            "iom_template",
            "Примерный ИОМ молодого специалиста (прил. 4)",
            "ИОМ молодых специалистов",
            iom_appendices.iom_template,
            iom_appendices.iom_template_outline,
        ),
        Kind(
            "event_plan",
            "План-график мероприятий (прил. 5)",
            "План мероприятий",
            events_appendices.event_plan,
            events_appendices.event_plan_outline,
            "plan — номер плана в реестре",
        ),
        Kind(
            "pilot_organisations",
            "Перечень пилотных организаций проекта (прил. 6)",
            "Организации и пилотный проект",
            schools_appendices.pilot_organisations,
            schools_appendices.pilot_organisations_outline,
            "project — номер пилотного проекта в реестре",
        ),
        Kind(
            "mentor_bank",
            "Муниципальный банк педагогов-наставников (прил. 7)",
            "Педагоги и наставничество",
            mentors_appendices.mentor_bank,
            mentors_appendices.mentor_bank_outline,
            "year — номер учебного года в реестре (2 — 2021-2022)",
        ),
        Kind("free_text", "Произвольный текст"),
        Kind("free_table", "Произвольная таблица"),
    )
}


def kind_choices():
    return [(kind.key, kind.label) for kind in KINDS.values()]


class DocumentReader:
    """Whom an appendix is rendered for: an order is one document for every reader, so its
    appendices show the whole district (read-only scope), never one school's slice."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_methodist = False
    is_official = True
    is_school = False
    is_superuser = False
    organisation_ids: list = []
    pk = None
    id = None

    def has_perm(self, perm, obj=None):
        return perm.split(".")[-1].startswith("view_")

    def __str__(self):
        return "читатель документа"


DOCUMENT_READER = DocumentReader()


@dataclass
class RenderedAppendix:
    """An appendix ready for print: its heading, the body HTML and, for tables, the rows."""

    title: str
    html: str
    landscape: bool = False
    headers: list | None = None
    rows: list | None = None
    missing: str = ""

    @property
    def is_table(self):
        return bool(self.headers)

    def outline(self) -> AppendixOutline:
        return AppendixOutline(title=self.title, missing=self.missing, is_table=self.is_table)


def missing(title: str, reason: str) -> RenderedAppendix:
    return RenderedAppendix(title=title, html="", missing=f"{MISSING_PREFIX}: {reason}")


def registry_content(kind: Kind, params: dict, *, outline=False) -> AppendixContent | AppendixOutline | str:
    """The content of a registry-backed kind (``outline=True``: its cheap outline), or a Russian reason why it
    cannot be had."""
    try:
        if outline:
            return kind.outline(params=params or {}, user=DOCUMENT_READER)
        return kind.content(params=params or {}, user=DOCUMENT_READER)
    except Exception:  # a broken section must not take the whole order down with it
        logger.exception("Appendix %s failed", kind.key)
        return f"раздел «{kind.section}» не смог сформировать приложение (ошибка записана в журнал)."


def parse_table(body: str):
    lines = [line for line in (body or "").splitlines() if line.strip()]
    if not lines:
        return [], []
    cells = [[cell.strip() for cell in line.split("|")] for line in lines]
    headers, rows = cells[0], cells[1:]
    width = len(headers)
    rows = [(row + [""] * width)[:width] for row in rows]
    return headers, rows


def registry_params(appendix) -> dict:
    # A municipal order's appendices list that municipality's data, even in a region-wide database.
    return {**(appendix.params or {}), "municipality": appendix.order.issuer.municipality_id}


def heading_and_reason(appendix, kind: Kind, content) -> tuple[str, str]:
    """A registry kind's heading and why its data is missing ("" when it is there), from the content, its
    outline or the reason ``registry_content`` gave instead."""
    if isinstance(content, str):
        return appendix.title or TITLES.get(kind.key) or kind.label, content
    title = appendix.title or content.title
    if content.missing:
        return title, content.missing[:1].lower() + content.missing[1:]
    return title, ""


def free_text_html(title: str, body: str) -> str:
    """A free-text appendix: its heading (escaped) and the body reduced to bold, italic, lists and paragraphs
    — sanitised here, at render, whatever was stored (``OrderAppendix.save`` sanitises it too)."""
    heading = format_html("<h1>{}</h1>", title) if title else ""
    return heading + rich_text_html(body)


def render_live(appendix) -> RenderedAppendix:
    kind = KINDS.get(appendix.kind)
    if kind is None:
        return missing(appendix.title or "Приложение", f"неизвестный вид приложения «{appendix.kind}».")
    if appendix.kind == "free_text":
        if not appendix.body.strip():
            return missing(appendix.title, "текст приложения не заполнен.")
        return RenderedAppendix(title=appendix.title, html=free_text_html(appendix.title, appendix.body))
    if appendix.kind == "free_table":
        headers, rows = parse_table(appendix.body)
        if not headers:
            return missing(appendix.title, "таблица приложения не заполнена.")
        html = render_to_string(
            "orders/print/free_table.html", {"title": appendix.title, "headers": headers, "rows": rows}
        )
        return RenderedAppendix(
            title=appendix.title, html=html, landscape=appendix.landscape, headers=headers, rows=rows
        )
    content = registry_content(kind, registry_params(appendix))
    title, reason = heading_and_reason(appendix, kind, content)
    if reason:
        return missing(title, reason)
    html = render_to_string(content.template, {"appendix": content, "context": content.context})
    return RenderedAppendix(
        title=title,
        html=html,
        landscape=content.landscape,
        headers=content.xlsx_headers,
        rows=content.xlsx_rows,
    )


def outline_live(appendix) -> AppendixOutline:
    """:func:`render_live`'s title, missing state and «is a table», without building the rows."""
    kind = KINDS.get(appendix.kind)
    if kind is None or not kind.is_registry:  # typed into the order itself: nothing to query
        return render_live(appendix).outline()
    content = registry_content(kind, registry_params(appendix), outline=True)
    title, reason = heading_and_reason(appendix, kind, content)
    if reason:
        return missing(title, reason).outline()
    return AppendixOutline(title=title, is_table=content.is_table)


def render(appendix) -> RenderedAppendix:
    """The frozen snapshot of a signed order's appendix, or the live content from the registries."""
    if appendix.order.is_frozen:
        table = appendix.snapshot_table or {}
        html = appendix.snapshot_html
        if appendix.kind == "free_text" and html:
            # A snapshot frozen before sanitising (or written around the form): sanitised again at render.
            html = sanitise_rich_text(html, extra_tags={"h1"})
        return RenderedAppendix(
            title=appendix.snapshot_title,
            html=html,
            landscape=appendix.snapshot_landscape,
            headers=table.get("headers"),
            rows=table.get("rows"),
            missing=table.get("missing", ""),
        )
    return render_live(appendix)


def outline(appendix) -> AppendixOutline:
    """:func:`render`'s title, missing state and «is a table» for the order's card (a frozen appendix is
    read from its snapshot, a live one asks the kind's cheap outline)."""
    if appendix.order.is_frozen:
        return render(appendix).outline()
    return outline_live(appendix)


def jsonable(rows):
    """Rows as JSON can keep them (dates and numbers as text, the way they print)."""
    import datetime

    def cell(value):
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        if isinstance(value, datetime.date):
            return value.strftime("%d.%m.%Y")
        return str(value)

    return [[cell(v) for v in row] for row in rows or []]
