"""Appendix 4 of Order 866: the sample individual educational route of a young specialist (and its outline)."""

from django.utils import formats

from salsk_mentoring.documents import AppendixContent, AppendixOutline
from schools.models import AcademicYear

from .models import IomTemplate

HEADERS = [
    "№ п/п",
    "Направление развития / профессиональный дефицит",
    "Задачи",
    "Мероприятия",
    "Форма",
    "Срок",
    "Форма отчётности",
    "Ожидаемый результат",
]


def group_by_section(rows):
    """[(section, [rows…]), …] keeping the order of the rows."""
    groups = []
    for row in rows:
        if not groups or groups[-1][0] != row.section:
            groups.append((row.section, []))
        groups[-1][1].append(row)
    return groups


TITLE = "Примерный индивидуальный образовательный маршрут развития молодого специалиста"


def year_and_template(params: dict, user):
    """``params``: ``{"year": <AcademicYear pk>}``; without it, the current academic year."""
    year = (
        AcademicYear.objects.for_user(user).filter(pk=params.get("year")).first()
        if params.get("year")
        else None
    )
    year = year or AcademicYear.current()
    template = (
        IomTemplate.objects.for_user(user).select_related("academic_year").filter(academic_year=year).first()
        if year
        else None
    )
    return year, template


def no_template(year) -> str:
    return f"Шаблон ИОМ на {year} учебный год не заполнен." if year else "Учебный год не найден."


def no_rows(template) -> str:
    return f"В шаблоне ИОМ на {template.academic_year} учебный год нет строк."


def iom_template(*, params: dict, user) -> AppendixContent:
    year, template = year_and_template(params, user)
    if template is None:
        return AppendixContent(title=TITLE, template="", missing=no_template(year))
    rows = list(template.rows.all())
    xlsx_rows = [
        [
            r.position,
            r.section,
            r.tasks,
            r.activity,
            r.get_form_display(),
            formats.date_format(r.deadline, "d.m.Y"),
            r.reporting_form,
            r.expected_result,
        ]
        for r in rows
    ]
    return AppendixContent(
        title=template.title or TITLE,
        template="iom/print/appendix_iom_template.html",
        context={"template": template, "groups": group_by_section(rows), "year": template.academic_year},
        landscape=True,
        xlsx_headers=HEADERS,
        xlsx_rows=xlsx_rows,
        missing="" if rows else no_rows(template),
    )


def iom_template_outline(*, params: dict, user) -> AppendixOutline:
    year, template = year_and_template(params, user)
    if template is None:
        return AppendixOutline(title=TITLE, missing=no_template(year))
    present = template.rows.exists()
    return AppendixOutline(title=template.title or TITLE, missing="" if present else no_rows(template), is_table=True)
