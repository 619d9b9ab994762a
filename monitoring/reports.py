"""Monitoring reports on the «Отчёты» page (salsk_mentoring.reports): the district report, an organisation's,
the comparison, the trend, the analytic brief of a campaign; the indicator and target lists."""

from django.urls import reverse

from salsk_mentoring.reports import OPEN, PDF, XLSX, Filter, Format, Report, report_entries
from schools.models import AcademicYear, Municipality, Organisation

from .models import MonitoringCampaign

SECTION = "Мониторинг целевой модели наставничества"
DOCX = Format("DOCX", {"_export": "pdf", "format": "docx"})


def shared_choices(choices):
    years = choices.get("years", lambda: [(y.pk, str(y)) for y in AcademicYear.objects.order_by("-start_year")])
    municipalities = choices.get(
        "municipalities",
        lambda: [(m.pk, m.name) for m in Municipality.objects.order_by("-is_default", "name")],
    )
    return years, municipalities


@report_entries
def reports(user, choices):
    years, municipalities = shared_choices(choices)
    organisations = choices.get(
        "organisations",
        lambda: [(o.pk, o.short_name) for o in Organisation.objects.for_user(user).order_by("short_name")],
    )
    year = Filter("year", "Учебный год", years, empty_label="последний с данными")
    municipality = Filter("municipality", "Муниципалитет", municipalities, empty_label="все муниципалитеты")
    result = []
    if user.has_perm("monitoring.view_organisation_report") and organisations:
        result.append(Report(
            "org-report", "Отчёт организации по показателям", SECTION,
            "Достигнутые и целевые значения показателей эффективности одной организации.",
            target=lambda v: reverse("monitoring:report_organisation", args=[v["organisation"]])
            + (f"?year={v['year']}" if "year" in v else ""),
            formats=[OPEN, PDF, XLSX],
            filters=[Filter("organisation", "Организация", organisations, required=True), year], order=51,
        ))
    if user.has_perm("monitoring.view_district_report"):
        campaigns = [
            (c.pk, str(c)) for c in MonitoringCampaign.objects.for_user(user)
            .exclude(status=MonitoringCampaign.Status.DRAFT).order_by("-opens_on", "-pk")[:50]
        ]
        result += [
            Report("district", "Сводный отчёт района", SECTION, "Показатели эффективности: район и организации.",
                   url_name="monitoring:report_district", formats=[OPEN, PDF, XLSX, DOCX],
                   filters=[year, municipality], order=50),
            Report("compare", "Сравнение организаций", SECTION, url_name="monitoring:report_compare",
                   formats=[OPEN, PDF, XLSX, DOCX], filters=[year, municipality], order=52),
            Report("trend", "Динамика показателей по годам", SECTION, url_name="monitoring:report_trend",
                   formats=[OPEN, PDF, XLSX, DOCX], filters=[municipality], order=53),
        ]
        if campaigns:
            result.append(Report(
                "brief", "Аналитическая справка по итогам мониторинга", SECTION,
                "Пункт 18 плана: текст, таблицы, диаграммы; DOCX — для правки перед подписью.",
                target=lambda v: reverse("monitoring:campaign_brief", args=[v["campaign"]])
                + (f"?municipality={v['municipality']}" if "municipality" in v else ""),
                formats=[Format("PDF"), Format("DOCX", {"format": "docx"})],
                filters=[Filter("campaign", "Мониторинг", campaigns, required=True), municipality], order=54,
            ))
    lists = "Реестры: списки в XLSX и PDF (отбор — на странице списка)"
    result += [
        Report("indicators", "Показатели эффективности", lists, url_name="monitoring:indicator_list",
               formats=[OPEN, XLSX, PDF], order=95),
        Report("targets", "Целевые значения показателей", lists, "Со столбцами импорта: выгрузка → правка → импорт.",
               url_name="monitoring:target_list", formats=[OPEN, XLSX, PDF], order=96),
    ]
    return result
