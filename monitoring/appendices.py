"""Appendices 1 and 2 of Order 866, regenerated from the stored monitoring data.

``params``: ``{"year": <AcademicYear pk>}``. Without it, Appendix 1 takes the previous academic year
(the results being approved) and Appendix 2 the current one (the targets being set), as in Order 866
of 15.11.2021 (results 2020-2021, targets 2021-2022).
"""

import re

from django.db.models import Q

from salsk_mentoring.documents import AppendixContent
from schools.models import AcademicYear, Organisation

from .analytics import district_report
from .models import Indicator, Target


def organisation_sort_key(org):
    """Schools first, then kindergartens and УДО; «СОШ № 2» before «СОШ № 10»."""
    kinds = list(Organisation.EDUCATIONAL_KINDS)
    rank = kinds.index(org.kind) if org.kind in kinds else len(kinds)
    parts = re.split(r"(\d+)", org.short_name)
    return (rank, [int(p) if p.isdigit() else p.lower() for p in parts])


def _year(params, *, previous: bool):
    year_id = (params or {}).get("year")
    if year_id:
        year = AcademicYear.objects.filter(pk=year_id).first()
        if year is not None:
            return year
    current = AcademicYear.current()
    if current is None or not previous:
        return current
    return AcademicYear.objects.filter(start_year=current.start_year - 1).first() or current


def monitoring_results(*, params: dict, user) -> AppendixContent:
    """Appendix 1: results of the monitoring of the target model and the efficiency indicators
    against the regional ones for an academic year."""
    year = _year(params, previous=True)
    if year is None:
        return AppendixContent(
            title="Результаты мониторинга ЦМН", template="", missing="Учебные годы не заведены."
        )
    title = (
        "Результаты проведения мониторинга внедрения целевой модели наставничества (ЦМН) в образовательных "
        "организациях Сальского района и достижения показателей эффективности в соответствии с региональными "
        f"в {year} учебном году"
    )
    report = district_report(year, user=user)
    headers = [
        "№ п/п",
        "Показатель эффективности",
        "Ед. изм.",
        "Региональный показатель",
        "Целевой показатель района",
        "Достигнуто",
        "Отклонение от целевого",
        "Результат",
    ]
    rows = [
        [
            i,
            f"{r.indicator.code}. {r.indicator.name}",
            r.indicator.unit_label,
            r.regional,
            r.target,
            r.achieved,
            r.deviation,
            r.status,
        ]
        for i, r in enumerate(report.rows, start=1)
    ]
    missing = ""
    if report.campaign is None:
        missing = f"Мониторинг за {year} учебный год не проводился: достигнутых значений нет."
    elif not report.has_results:
        missing = f"В мониторинге «{report.campaign}» ещё нет принятых отчётов организаций."
    return AppendixContent(
        title=title,
        template="monitoring/print/appendix_results.html",
        context={"report": report, "year": year},
        landscape=True,
        xlsx_headers=headers,
        xlsx_rows=rows,
        missing=missing,
    )


def organisations_targets(*, params: dict, user) -> AppendixContent:
    """Appendix 2: organisations implementing the target model with their efficiency indicators for a year."""
    year = _year(params, previous=False)
    if year is None:
        return AppendixContent(title="Перечень организаций", template="", missing="Учебные годы не заведены.")
    title = (
        "Перечень муниципальных образовательных организаций Сальского района по реализации методологии "
        f"(целевой модели) наставничества обучающихся с показателями эффективности на {year} учебный год"
    )
    targets = list(
        Target.objects.for_user(user)
        .filter(academic_year=year, indicator__is_active=True)
        .exclude(level=Target.Level.REGION)
        .filter(
            Q(organisation__isnull=True) | Q(organisation__municipality_id=params["municipality"])
            if params.get("municipality") else Q()
        )
        .values_list("indicator_id", "organisation_id", "value")
    )
    indicator_ids = {i for i, _, _ in targets}
    indicators = list(Indicator.objects.filter(pk__in=indicator_ids).order_by("position", "code"))
    org_ids = {o for _, o, _ in targets if o is not None}
    organisations = sorted(Organisation.objects.filter(pk__in=org_ids), key=organisation_sort_key)
    cell = {(i, o): v for i, o, v in targets}
    table = [(org, [cell.get((ind.pk, org.pk)) for ind in indicators]) for org in organisations]
    district = [cell.get((ind.pk, None)) for ind in indicators]
    headers = ["№ п/п", "Образовательная организация"] + [
        f"{ind.code}. {ind.short_name}, {ind.unit_label}" for ind in indicators
    ]
    rows = [[n, org.short_name, *values] for n, (org, values) in enumerate(table, start=1)]
    if any(v is not None for v in district):
        rows.append(["", "Сальский район (целевой показатель)", *district])
    return AppendixContent(
        title=title,
        template="monitoring/print/appendix_targets.html",
        context={
            "year": year,
            "indicators": indicators,
            "table": table,
            "district": district,
            "has_district": any(v is not None for v in district),
        },
        landscape=True,
        xlsx_headers=headers,
        xlsx_rows=rows,
        missing="" if table else f"Целевые показатели организаций на {year} учебный год не заданы.",
    )
