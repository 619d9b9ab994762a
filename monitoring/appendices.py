"""Appendices 1 and 2 of Order 866, regenerated from the stored monitoring data (and their outlines for the
order's card: the same title and missing state without the aggregates).

``params``: ``{"year": <AcademicYear pk>}``. Without it, Appendix 1 takes the previous academic year
(the results being approved) and Appendix 2 the current one (the targets being set), as in Order 866
of 15.11.2021 (results 2020-2021, targets 2021-2022).
"""


from django.db.models import Q

from salsk_mentoring.documents import AppendixContent, AppendixOutline
from schools.models import AcademicYear, Municipality, Organisation

from .analytics import campaign_has_results, district_report, year_campaign
from .models import Indicator, Target


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


NO_YEARS = "Учебные годы не заведены."
RESULTS_NO_YEAR_TITLE = "Результаты мониторинга ЦМН"
TARGETS_NO_YEAR_TITLE = "Перечень организаций"


def whose_organisations(params) -> str:
    """«Сальского района» for the default municipality's order (Order 866), otherwise the municipality named
    as a municipal formation: a district's name is not put into the genitive by a program."""
    municipality = Municipality.objects.filter(pk=params.get("municipality")).first() if params.get(
        "municipality"
    ) else None
    if municipality is None or municipality.is_default:
        return "Сальского района"
    return f"муниципального образования «{municipality.name}»"


def results_title(year, params=None) -> str:
    return (
        "Результаты проведения мониторинга внедрения целевой модели наставничества (ЦМН) в образовательных "
        f"организациях {whose_organisations(params or {})} и достижения показателей эффективности "
        f"в соответствии с региональными в {year} учебном году"
    )


def results_missing(year, campaign, has_results: bool) -> str:
    if campaign is None:
        return f"Мониторинг за {year} учебный год не проводился: достигнутых значений нет."
    if not has_results:
        return f"В мониторинге «{campaign}» ещё нет принятых отчётов организаций."
    return ""


def monitoring_results(*, params: dict, user) -> AppendixContent:
    """Appendix 1: results of the monitoring of the target model and the efficiency indicators
    against the regional ones for an academic year."""
    year = _year(params, previous=True)
    if year is None:
        return AppendixContent(title=RESULTS_NO_YEAR_TITLE, template="", missing=NO_YEARS)
    title = results_title(year, params)
    # A municipal order's Appendix 1 reports on that municipality's organisations and targets.
    report = district_report(year, user=user, municipality=params.get("municipality"))
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
    return AppendixContent(
        title=title,
        template="monitoring/print/appendix_results.html",
        context={"report": report, "year": year},
        landscape=True,
        xlsx_headers=headers,
        xlsx_rows=rows,
        missing=results_missing(year, report.campaign, report.has_results),
    )


def monitoring_results_outline(*, params: dict, user) -> AppendixOutline:
    year = _year(params, previous=True)
    if year is None:
        return AppendixOutline(title=RESULTS_NO_YEAR_TITLE, missing=NO_YEARS)
    campaign = year_campaign(year, user)
    has_results = campaign is not None and campaign_has_results(campaign, municipality=params.get("municipality"))
    return AppendixOutline(
        title=results_title(year, params), missing=results_missing(year, campaign, has_results), is_table=True
    )


def targets_title(year, params=None) -> str:
    return (
        f"Перечень муниципальных образовательных организаций {whose_organisations(params or {})} по реализации "
        f"методологии (целевой модели) наставничества обучающихся с показателями эффективности на {year} учебный год"
    )


def targets_of(params, user, year):
    return (
        Target.objects.for_user(user)
        .filter(academic_year=year, indicator__is_active=True)
        .exclude(level=Target.Level.REGION)
        .filter(
            Q(municipality_id=params["municipality"]) | Q(organisation__municipality_id=params["municipality"])
            if params.get("municipality") else ~Q(level=Target.Level.DISTRICT) | Q(municipality__is_default=True)
        )
    )


def no_targets(year) -> str:
    return f"Целевые показатели организаций на {year} учебный год не заданы."


def organisations_targets(*, params: dict, user) -> AppendixContent:
    """Appendix 2: organisations implementing the target model with their efficiency indicators for a year."""
    year = _year(params, previous=False)
    if year is None:
        return AppendixContent(title=TARGETS_NO_YEAR_TITLE, template="", missing=NO_YEARS)
    title = targets_title(year, params)
    targets = list(targets_of(params, user, year).values_list("indicator_id", "organisation_id", "value"))
    indicator_ids = {i for i, _, _ in targets}
    indicators = list(Indicator.objects.filter(pk__in=indicator_ids).order_by("position", "code"))
    org_ids = {o for _, o, _ in targets if o is not None}
    organisations = sorted(Organisation.objects.filter(pk__in=org_ids), key=Organisation.sort_key)
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
        missing="" if table else no_targets(year),
    )


def organisations_targets_outline(*, params: dict, user) -> AppendixOutline:
    """The table has a row per organisation with a target: it is empty when no target names an organisation."""
    year = _year(params, previous=False)
    if year is None:
        return AppendixOutline(title=TARGETS_NO_YEAR_TITLE, missing=NO_YEARS)
    present = targets_of(params, user, year).filter(organisation__isnull=False).exists()
    return AppendixOutline(
        title=targets_title(year, params), missing="" if present else no_targets(year), is_table=True
    )
