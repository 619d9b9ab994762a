"""Reports on the collected data: district, brief, organisation, comparison and trend (page, PDF, XLSX)."""

from decimal import Decimal

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from salsk_mentoring.documents.listing import author_name
from salsk_mentoring.documents.responses import XLSX_CONTENT_TYPE, attachment, printed_response
from salsk_mentoring.documents.xlsx import write_rows
from schools.models import AcademicYear, Organisation
from schools.municipalities import municipality_context, selected_municipality

from .. import analytics, charts
from ..models import Indicator, MonitoringCampaign, Submission


class ReportView(LoginRequiredMixin, TemplateView):
    """A report page; ``?_export=pdf`` (``&format=html`` previews) or ``?_export=xlsx`` — the same data."""

    permission = "monitoring.view_district_report"
    print_template = None
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied("Отчёт доступен методистам и руководству.")
        return super().dispatch(request, *args, **kwargs)

    def selected_year(self):
        years = list(AcademicYear.objects.order_by("-start_year"))
        wanted = self.request.GET.get("year")
        chosen = next((y for y in years if str(y.pk) == wanted), None)
        if chosen is None:
            # The latest year that has a campaign, else the current one.
            with_data = set(
                MonitoringCampaign.objects.for_user(self.request.user).exclude(status=MonitoringCampaign.Status.DRAFT).values_list(
                    "academic_year_id", flat=True
                )
            )
            chosen = next((y for y in years if y.pk in with_data), None) or next(
                (y for y in years if y.is_current), None
            )
            chosen = chosen or (years[0] if years else None)
        if chosen is None:
            raise Http404("Учебные годы не заведены.")
        return chosen, years

    def selected_municipality(self):
        """(municipality or None for all, choices): see schools.municipalities."""
        return selected_municipality(self.request)

    def municipality_context(self):
        return municipality_context(self.request)

    def get(self, request, *args, **kwargs):
        export = request.GET.get("_export")
        stamp = timezone.localdate().strftime("%d.%m.%Y")
        if export == "pdf":  # counted before it is built: a big report is made by a job (printed_response)
            return printed_response(request, lambda: self.printed(**kwargs), rows=self.print_rows, title=self.title)
        context = self.get_context_data(**kwargs)
        if export == "xlsx":
            headers, rows = self.xlsx(context)
            return attachment(
                write_rows(rows, title=context["title"], headers=headers, filters=self.xlsx_filters(context),
                           author=author_name(request.user)),
                filename=f"{context['title']} {stamp}.xlsx",
                content_type=XLSX_CONTENT_TYPE,
            )
        if export:
            raise Http404("Неизвестный формат выгрузки")
        return self.render_to_response(context)

    @staticmethod
    def xlsx_filters(context) -> list[str]:
        """The title block's «Отбор» line of the XLSX: the report's year and municipality, where it has them
        (the rest — organisation, indicator, campaign — is in its title)."""
        filters = [f"Учебный год: {context['year']}"] if context.get("year") else []
        if "whose" in context:
            filters.append(f"Муниципалитет: {context['whose']}")
        return filters

    def printed(self, **kwargs):
        """(template, context, filename) of the PDF (or DOCX) of the report."""
        context = self.get_context_data(**kwargs)
        context["generated"] = timezone.localtime()
        return self.print_template, context, f"{context['title']} {timezone.localdate():%d.%m.%Y}.pdf"

    def print_rows(self) -> int:
        """What the printed report is made of, counted before it is built: the indicators and the monitoring
        reports of the organisations it sums up (of the chosen municipality)."""
        submissions = self.print_submissions()
        municipality, _ = self.selected_municipality()
        if municipality is not None:
            submissions = submissions.filter(analytics.in_municipality(municipality))
        return Indicator.objects.filter(is_active=True).count() + submissions.count()

    def print_submissions(self):
        return Submission.objects.for_user(self.request.user).exclude(
            campaign__status=MonitoringCampaign.Status.DRAFT
        )

    def export_query(self):
        query = self.request.GET.copy()
        query.pop("_export", None)
        return query.urlencode()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_query"] = self.export_query()
        return context


class DistrictReportView(ReportView):
    template_name = "monitoring/report_district.html"
    print_template = "monitoring/print/report_district.html"
    title = "Мониторинг ЦМН по району"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, years = self.selected_year()
        campaigns = list(
            MonitoringCampaign.objects.for_user(self.request.user)
            .filter(academic_year=year)
            .exclude(status=MonitoringCampaign.Status.DRAFT)
            .order_by("opens_on")
        )
        campaign = next((c for c in campaigns if str(c.pk) == self.request.GET.get("campaign")), None)
        municipality, _ = self.selected_municipality()
        report = analytics.district_report(
            year, user=self.request.user, campaign=campaign, municipality=municipality
        )
        context.update(self.municipality_context())
        context.update(
            title=f"Результаты мониторинга ЦМН ({context['whose']}) в {year} учебном году",
            year=year,
            years=years,
            campaigns=campaigns,
            report=report,
            charts=charts.district_charts(report.rows),
        )
        return context

    def print_submissions(self):
        year, _ = self.selected_year()
        submissions = super().print_submissions().filter(campaign__academic_year=year)
        campaign = self.request.GET.get("campaign", "")
        return submissions.filter(campaign=campaign) if campaign.isdigit() else submissions

    def xlsx(self, context):
        headers = [
            "Код",
            "Показатель",
            "Ед. изм.",
            "Региональный показатель",
            "Целевой показатель района",
            "Достигнуто",
            "Отклонение",
            "Результат",
            "Числитель (сумма)",
            "Знаменатель (сумма)",
            "Организаций в расчёте",
        ]
        rows = [
            [
                r.indicator.code,
                r.indicator.name,
                r.indicator.unit_label,
                r.regional,
                r.target,
                r.achieved,
                r.deviation,
                r.status,
                r.numerator,
                r.denominator,
                r.organisations,
            ]
            for r in context["report"].rows
        ]
        return headers, rows


class BriefView(DistrictReportView):
    """«Аналитическая справка» of plan item 18 for one campaign: text, tables and charts, as a PDF."""

    template_name = None
    print_template = "monitoring/print/brief.html"

    def get(self, request, *args, **kwargs):
        campaign = get_object_or_404(
            MonitoringCampaign.objects.for_user(request.user).select_related("academic_year"), pk=kwargs["pk"]
        )
        return printed_response(
            request,
            lambda: self.printed_brief(campaign),
            rows=lambda: self.brief_rows(campaign),
            title=f"Аналитическая справка ({campaign.period})",
        )

    def brief_rows(self, campaign) -> int:
        submissions = Submission.objects.for_user(self.request.user).filter(campaign=campaign)
        municipality, _ = self.selected_municipality()
        if municipality is not None:
            submissions = submissions.filter(analytics.in_municipality(municipality))
        return Indicator.objects.filter(is_active=True).count() + submissions.count()

    def printed_brief(self, campaign):
        municipality, _ = self.selected_municipality()
        report = analytics.district_report(
            campaign.academic_year, user=self.request.user, campaign=campaign, municipality=municipality
        )
        overview = analytics.campaign_overview(campaign, municipality=municipality)
        achieved = [r for r in report.rows if r.status == "достигнут"]
        missed = [r for r in report.rows if r.status == "не достигнут"]
        context = {
            **self.municipality_context(),
            "title": f"Аналитическая справка по итогам мониторинга ({campaign.period})",
            "campaign": campaign,
            "report": report,
            "overview": overview,
            "achieved": achieved,
            "missed": missed,
            "charts": charts.district_charts(report.rows),
            "generated": timezone.localtime(),
        }
        stamp = timezone.localdate().strftime("%d.%m.%Y")
        return self.print_template, context, f"Аналитическая справка {campaign.period} {stamp}.pdf"


class OrganisationReportView(ReportView):
    permission = "monitoring.view_organisation_report"
    template_name = "monitoring/report_organisation.html"
    print_template = "monitoring/print/report_organisation.html"
    title = "Мониторинг ЦМН организации"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = get_object_or_404(Organisation.objects.for_user(self.request.user), pk=self.kwargs["pk"])
        year, years = self.selected_year()
        data = analytics.organisation_report(org, year, user=self.request.user)
        bars = []
        for r in data["rows"]:
            if r.indicator.unit != "percent":
                continue
            # Not accepted yet: show the latest value of the year, marked as such.
            latest = next((v for v in reversed(r.extra["by_campaign"]) if v is not None), None)
            value = r.achieved if r.achieved is not None else latest
            dev = r.indicator.deviation(value, r.target)
            bars.append(
                charts.Bar(
                    f"{r.indicator.code}. {r.indicator.short_name}",
                    value,
                    r.target,
                    r.regional,
                    None if dev is None else dev >= 0,
                    note="" if r.achieved is not None or value is None else " (не принят)",
                )
            )
        context.update(
            title=f"Мониторинг ЦМН: {org} в {year} учебном году",
            organisation=org,
            year=year,
            years=years,
            **data,
            chart=charts.hbar_chart(bars, unit="%", scale_max=100, title="Доли и уровни, %", legend=True)
            if bars
            else "",
        )
        return context

    def print_submissions(self):
        return super().print_submissions().filter(organisation=self.kwargs["pk"])

    def xlsx(self, context):
        headers = (
            ["Код", "Показатель", "Ед. изм.", "Цель организации"]
            + [f"{c.period}" for c in context["campaigns"]]
            + ["Достигнуто (принято)", "Отклонение", "Район: достигнуто"]
        )
        rows = [
            [
                r.indicator.code,
                r.indicator.name,
                r.indicator.unit_label,
                r.target,
                *r.extra["by_campaign"],
                r.achieved,
                r.deviation,
                r.extra["district"],
            ]
            for r in context["rows"]
        ]
        return headers, rows


class CountingPaginator(Paginator):
    """Pages of ``object_list`` whose number of rows is that of ``counted`` (the same rows, fewer joins)."""

    def __init__(self, object_list, per_page, *, counted):
        super().__init__(object_list, per_page)
        self.counted = counted

    @cached_property
    def count(self):
        return self.counted.count()


class ComparisonView(ReportView):
    template_name = "monitoring/report_compare.html"
    print_template = "monitoring/print/report_compare.html"
    title = "Сравнение организаций"
    max_bars = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicators = list(Indicator.objects.filter(is_active=True))
        campaigns = list(
            MonitoringCampaign.objects.for_user(self.request.user)
            .exclude(status=MonitoringCampaign.Status.DRAFT)
            .select_related("academic_year")
            .order_by("-opens_on")
        )
        if not indicators or not campaigns:
            context.update(title=self.title, indicators=indicators, campaigns=campaigns, data=None)
            return context
        indicator = next(
            (i for i in indicators if str(i.pk) == self.request.GET.get("indicator")), indicators[0]
        )
        campaign = next((c for c in campaigns if str(c.pk) == self.request.GET.get("campaign")), campaigns[0])
        municipality, _ = self.selected_municipality()
        context.update(self.municipality_context())
        data = analytics.comparison(indicator, campaign, user=self.request.user, municipality=municipality)
        subs = data["queryset"]
        page = CountingPaginator(subs, 100, counted=data["submissions"]).get_page(self.request.GET.get("page"))
        page.object_list = analytics.comparison_rows(indicator, page.object_list)
        # One reverse for the page instead of one per row (100 rows: ≈10 % of the page's time).
        marker = "2147483647"
        report_url = reverse("monitoring:report_organisation", args=[marker])
        for row in page.object_list:
            pk = row.extra["organisation"].pk
            row.extra["report_url"] = f"{report_url.replace(marker, str(pk))}?year={campaign.academic_year_id}"
        total = page.paginator.count
        valued = subs.filter(cmp_value__isnull=False)
        shown = list(valued[: self.max_bars + 1])
        chart_title = f"{indicator.code}. {indicator.short_name}: организации против своих целей"
        if len(shown) > self.max_bars:
            # A readable chart: the best and the worst; the table below lists everyone.
            half = self.max_bars // 2
            worst = list(valued.reverse()[:half])
            shown = shown[:half] + worst[::-1]
            chart_title = f"{indicator.code}: {half} лучших и {half} последних из {total} организаций"
        scale = Decimal(100) if indicator.unit == "percent" else None
        chart = charts.hbar_chart(
            [
                charts.Bar(
                    r.extra["organisation"].short_name,
                    r.achieved,
                    r.target,
                    None,
                    None if r.deviation is None else r.deviation >= 0,
                    note="" if r.extra["accepted"] else " (не принят)",
                )
                for r in analytics.comparison_rows(indicator, shown)
            ],
            unit=indicator.unit_label,
            scale_max=scale,
            label_width=300,
            title=chart_title,
        )
        context.update(
            title=f"Сравнение организаций ({context['whose']}): {indicator.code}. {indicator.short_name} "
            f"({campaign.period})",
            indicators=indicators,
            campaigns=campaigns,
            indicator=indicator,
            campaign=campaign,
            data=data,
            page=page,
            chart=chart,
        )
        if self.request.GET.get("_export"):  # the XLSX and the printed list name every organisation
            context["rows"] = analytics.comparison_rows(indicator, subs)
        return context

    def xlsx(self, context):
        headers = [
            "Организация",
            "Состояние отчёта",
            "Числитель",
            "Знаменатель",
            "Значение",
            "Цель",
            "Отклонение",
        ]
        rows = [
            [
                r.extra["organisation"].short_name,
                r.extra["submission"].get_status_display(),
                r.numerator,
                r.denominator,
                r.achieved,
                r.target,
                r.deviation,
            ]
            for r in context.get("rows", [])
        ]
        return headers, rows


class TrendView(ReportView):
    template_name = "monitoring/report_trend.html"
    print_template = "monitoring/print/report_trend.html"
    title = "Динамика показателей ЦМН"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality, _ = self.selected_municipality()
        context.update(self.municipality_context())
        data = analytics.year_over_year(user=self.request.user, municipality=municipality)
        years = [
            y
            for y in data["years"]
            if any(
                cells[data["years"].index(y)].extra["campaign"]
                or cells[data["years"].index(y)].target is not None
                for _, cells in data["table"]
            )
        ]
        idx = [data["years"].index(y) for y in years]
        table = []
        for ind, cells in data["table"]:
            cells = [cells[i] for i in idx]
            chart = charts.trend_chart(
                [y.name for y in years],
                [
                    ("достигнуто", [c.achieved for c in cells], charts.GOOD, False),
                    ("цель района", [c.target for c in cells], charts.TARGET, True),
                    ("регион", [c.regional for c in cells], charts.REGION, True),
                ],
                unit=ind.unit_label,
                title=f"{ind.code}. {ind.short_name}",
                scale_max=100 if ind.unit == "percent" else None,
            )
            table.append((ind, cells, chart))
        context.update(
            title=f"Динамика показателей ЦМН по учебным годам ({context['whose']})", years=years, table=table
        )
        return context

    def xlsx(self, context):
        headers = ["Код", "Показатель", "Ед. изм."]
        for y in context["years"]:
            headers += [f"{y}: цель", f"{y}: достигнуто", f"{y}: регион"]
        rows = []
        for ind, cells, _ in context["table"]:
            row = [ind.code, ind.name, ind.unit_label]
            for c in cells:
                row += [c.target, c.achieved, c.regional]
            rows.append(row)
        return headers, rows
