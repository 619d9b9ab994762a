from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from salsk_mentoring.exports import XLSX_CONTENT_TYPE, write_rows
from salsk_mentoring.reports import attachment, document_response
from salsk_mentoring.views import RegistryDeleteView, RegistryDetailView, RegistryEditView, RegistryListView
from schools.models import AcademicYear, Organisation
from schools.municipalities import municipality_context, selected_municipality

from . import analytics, charts, services
from .computations import COMPUTATIONS
from .filters import CampaignFilter, IndicatorFilter, TargetFilter
from .forms import CampaignForm, IndicatorForm, TargetForm
from .models import Campaign, Indicator, Submission, SubmissionValue, Target
from .tables import CampaignTable, IndicatorTable, TargetTable

CSS = "monitoring/monitoring.css"


# --- indicators, targets: plain registries---


class IndicatorMixin:
    model = Indicator


class IndicatorListView(IndicatorMixin, RegistryListView):
    table_class = IndicatorTable
    filterset_class = IndicatorFilter
    title = "Показатели эффективности целевой модели наставничества"


class IndicatorDetailView(IndicatorMixin, RegistryDetailView):
    pass


class IndicatorEditView(IndicatorMixin, RegistryEditView):
    form_class = IndicatorForm


class IndicatorDeleteView(IndicatorMixin, RegistryDeleteView):
    pass


class TargetMixin:
    model = Target
    list_select_related = ("indicator", "academic_year", "organisation", "municipality")


class TargetListView(TargetMixin, RegistryListView):
    table_class = TargetTable
    filterset_class = TargetFilter
    title = "Целевые значения показателей"
    template_name = "monitoring/target_list.html"


class TargetDetailView(TargetMixin, RegistryDetailView):
    pass


class TargetEditView(TargetMixin, RegistryEditView):
    form_class = TargetForm

    def get_success_url(self):
        return reverse("monitoring:target_list") + f"?academic_year={self.object.academic_year_id}"


class TargetDeleteView(TargetMixin, RegistryDeleteView):
    pass


# --- campaigns---


class CampaignMixin:
    model = Campaign
    list_select_related = ("academic_year",)


class CampaignListView(CampaignMixin, RegistryListView):
    table_class = CampaignTable
    filterset_class = CampaignFilter
    title = "Мониторинги реализации целевой модели наставничества"
    template_name = "monitoring/campaign_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.is_school:
            context["my_submissions"] = list(
                Submission.objects.for_user(user)
                .exclude(campaign__status=Campaign.Status.DRAFT)
                .select_related("campaign", "organisation")
                .order_by("-campaign__opens_on")
            )
        return context


class CampaignDetailView(CampaignMixin, RegistryDetailView):
    template_name = "monitoring/campaign_detail.html"
    submissions_per_page = 50  # like the registry lists: a page of links stays cheap to render
    list_limit = 60  # organisations named in the «not submitted» / «late» notes; the rest are counted

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign, user = self.object, self.request.user
        status = self.request.GET.get("status")
        status = status if status in Submission.Status.values else ""
        if user.is_methodist or user.is_official:
            summary = analytics.campaign_summary(campaign, limit=self.list_limit)
            rows = campaign.submissions.select_related("organisation", "campaign").order_by(
                "organisation__short_name"
            )
        else:
            summary = {"counts": {}}
            rows = (
                Submission.objects.for_user(user)
                .filter(campaign=campaign)
                .select_related("organisation", "campaign")
            )
        if status:
            rows = rows.filter(status=status)
        counts = [
            (value, label, summary["counts"].get(value, 0)) for value, label in Submission.Status.choices
        ]
        context.update(
            summary=summary,
            page=Paginator(rows, self.submissions_per_page).get_page(self.request.GET.get("page")),
            status_filter=status,
            status_counts=counts,
            indicators=list(campaign.indicators.all()),
            can_open=user.has_perm("monitoring.open_campaign") and campaign.status == Campaign.Status.DRAFT,
            can_close=user.has_perm("monitoring.open_campaign") and campaign.status == Campaign.Status.OPEN,
            can_report=user.has_perm("monitoring.view_district_report"),
            organisation_count=campaign.organisations.count(),
        )
        return context


class CampaignEditView(CampaignMixin, RegistryEditView):
    form_class = CampaignForm

    def new_instance(self):
        instance = super().new_instance()
        instance.created_by = self.request.user
        return instance


class CampaignDeleteView(CampaignMixin, RegistryDeleteView):
    def form_valid(self, form):
        if self.object.status != Campaign.Status.DRAFT:
            messages.error(
                self.request, "Удалить можно только мониторинг-черновик: по этому уже собраны отчёты."
            )
            return redirect(self.object.get_absolute_url())
        return super().form_valid(form)


class PostActionView(View):
    """A POST-only action on one object: 405 for other methods, login, lookup in scope (404),
    permission (403), then the service; its Russian refusal becomes a message."""

    model = None
    permission = None
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return HttpResponseNotAllowed(self.http_method_names)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        obj = get_object_or_404(self.model.objects.for_user(request.user), pk=pk)
        if not request.user.has_perm(self.permission, obj):
            raise PermissionDenied("Это действие вам недоступно.")
        try:
            message = self.act(request, obj)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            if message:
                messages.success(request, message)
        return redirect(obj.get_absolute_url())


class CampaignOpenView(PostActionView):
    model = Campaign
    permission = "monitoring.open_campaign"

    def act(self, request, campaign):
        created = services.campaign_open(user=request.user, campaign=campaign)
        return f"Сбор открыт: формы получили организации — {created}."


class CampaignCloseView(PostActionView):
    model = Campaign
    permission = "monitoring.open_campaign"

    def act(self, request, campaign):
        services.campaign_close(user=request.user, campaign=campaign)
        return "Сбор завершён."


# --- submissions---


class SubmissionView(LoginRequiredMixin, TemplateView):
    """The school's form: computed values pre-filled, reported ones typed; the methodist reviews it here."""

    template_name = "monitoring/submission_detail.html"

    def get_submission(self):
        if not hasattr(self, "_submission"):
            self._submission = get_object_or_404(
                Submission.objects.for_user(self.request.user).select_related(
                    "campaign__academic_year", "organisation", "submitted_by", "reviewed_by"
                ),
                pk=self.kwargs["pk"],
            )
        return self._submission

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("monitoring.view_submission"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def rows(self, submission, typed=None, errors=None):
        values = list(submission.values.select_related("indicator").order_by("indicator__position"))
        targets = analytics.targets_map(
            [submission.campaign.academic_year_id],
            organisation_ids=[submission.organisation_id],
            # The organisation's municipality as a subquery: the district target without a query more.
            municipality=Organisation.objects.filter(pk=submission.organisation_id).values("municipality_id")[:1],
        )
        y = submission.campaign.academic_year_id
        rows = []
        for v in values:
            ind = v.indicator
            t = (typed or {}).get(ind.pk, {})
            rows.append(
                {
                    "v": v,
                    "ind": ind,
                    "numerator": t.get("numerator", _plain(v.numerator)),
                    "denominator": t.get("denominator", _plain(v.denominator)),
                    "value": t.get("value", _plain(v.value)),
                    "comment": t.get("comment", v.comment),
                    "target": targets.get((y, ind.pk, Target.Level.ORGANISATION, submission.organisation_id)),
                    "errors": [e for e in (errors or []) if f"{ind.code}" in e],
                    "pending": pending_text(ind),
                }
            )
        return rows

    def get_context_data(self, typed=None, errors=None, **kwargs):
        context = super().get_context_data(**kwargs)
        sub, user = self.get_submission(), self.request.user
        may_change = user.has_perm("monitoring.change_submission", sub)
        context.update(
            submission=sub,
            object=sub,
            campaign=sub.campaign,
            title=str(sub),
            rows=self.rows(sub, typed, errors),
            errors=errors or [],
            can_edit=may_change and sub.is_editable and sub.campaign.status == Campaign.Status.OPEN,
            can_review=user.has_perm("monitoring.review_submission", sub)
            and sub.status == Submission.Status.SUBMITTED,
            comment=(typed or {}).get("_comment", sub.comment),
            value_history=list(
                SubmissionValue.history.filter(submission_id=sub.pk)
                .select_related("history_user", "indicator")
                .order_by("-history_date", "-history_id")[:30]
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        sub = self.get_submission()
        if not request.user.has_perm("monitoring.change_submission", sub):
            raise PermissionDenied(
                "Изменять значения показателей может только сама организация или методист."
            )
        typed = {}
        for v in sub.values.all():
            typed[v.indicator_id] = {
                key: request.POST.get(f"{prefix}_{v.indicator_id}", "")
                for key, prefix in (
                    ("numerator", "n"),
                    ("denominator", "d"),
                    ("value", "v"),
                    ("comment", "c"),
                )
            }
        comment = request.POST.get("comment", "")
        try:
            services.submission_save(user=request.user, submission=sub, values=typed, comment=comment)
            if request.POST.get("action") == "submit":
                services.submission_submit(user=request.user, submission=sub)
                messages.success(request, "Отчёт отправлен методисту на проверку.")
            else:
                messages.success(request, "Значения сохранены. Отчёт ещё не отправлен.")
        except ValidationError as exc:
            messages.error(
                request,
                "Отчёт не сохранён: исправьте ошибки, отмеченные в форме."
                if request.POST.get("action") != "submit"
                else "Отчёт не отправлен: исправьте ошибки, отмеченные в форме.",
            )
            typed["_comment"] = comment
            return self.render_to_response(
                self.get_context_data(typed=typed, errors=exc.messages), status=200
            )
        return redirect(sub.get_absolute_url())


def pending_text(indicator):
    """For a computed indicator whose registry is not in the portal yet: which registry (else '')."""
    rule = COMPUTATIONS.get(indicator.computation) if indicator.is_computed else None
    if rule is None or rule.is_complete or not rule.pending:
        return ""
    return rule.pending


def _plain(value):
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class SubmissionSubmitView(PostActionView):
    model = Submission
    permission = "monitoring.change_submission"

    def act(self, request, sub):
        services.submission_submit(user=request.user, submission=sub)
        return "Отчёт отправлен методисту на проверку."


class SubmissionRefreshView(PostActionView):
    model = Submission
    permission = "monitoring.change_submission"

    def act(self, request, sub):
        services.submission_refresh(user=request.user, submission=sub)
        return "Вычисляемые показатели обновлены по реестрам портала."


class SubmissionAcceptView(PostActionView):
    model = Submission
    permission = "monitoring.review_submission"

    def act(self, request, sub):
        services.submission_accept(user=request.user, submission=sub)
        return f"Отчёт «{sub.organisation}» принят."


class SubmissionReturnView(PostActionView):
    model = Submission
    permission = "monitoring.review_submission"

    def act(self, request, sub):
        services.submission_return(user=request.user, submission=sub, comment=request.POST.get("comment", ""))
        return f"Отчёт «{sub.organisation}» возвращён на доработку."


# --- reports---


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
                Campaign.objects.exclude(status=Campaign.Status.DRAFT).values_list(
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
        context = self.get_context_data(**kwargs)
        export = request.GET.get("_export")
        stamp = timezone.localdate().strftime("%d.%m.%Y")
        if export == "xlsx":
            headers, rows = self.xlsx(context)
            return attachment(
                write_rows(rows, title=self.title[:31], headers=headers),
                filename=f"{context['title']} {stamp}.xlsx",
                content_type=XLSX_CONTENT_TYPE,
            )
        if export == "pdf":
            context["generated"] = timezone.localtime()
            return document_response(
                request, self.print_template, context, filename=f"{context['title']} {stamp}.pdf"
            )
        if export:
            raise Http404("Неизвестный формат выгрузки")
        return self.render_to_response(context)

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
            Campaign.objects.filter(academic_year=year)
            .exclude(status=Campaign.Status.DRAFT)
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
            Campaign.objects.for_user(request.user).select_related("academic_year"), pk=kwargs["pk"]
        )
        municipality, _ = self.selected_municipality()
        report = analytics.district_report(
            campaign.academic_year, user=request.user, campaign=campaign, municipality=municipality
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
        return document_response(
            request,
            self.print_template,
            context,
            filename=f"Аналитическая справка {campaign.period} {stamp}.pdf",
        )


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
            Campaign.objects.exclude(status=Campaign.Status.DRAFT)
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
