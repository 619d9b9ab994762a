"""Monitoring campaigns: the registry, opening and closing a round."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse

from salsk_mentoring.views import (
    ObjectActionView,
    RegistryDeleteView,
    RegistryDetailView,
    RegistryEditView,
    RegistryListView,
)

from .. import analytics, services
from ..filters import CampaignFilter
from ..forms import CampaignForm
from ..models import MonitoringCampaign, Submission
from ..tables import CampaignTable
from ..workflows import SUBMISSION


class CampaignMixin:
    model = MonitoringCampaign
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
                .exclude(campaign__status=MonitoringCampaign.Status.DRAFT)
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
            can_open=user.has_perm("monitoring.open_campaign") and campaign.status == MonitoringCampaign.Status.DRAFT,
            can_close=user.has_perm("monitoring.open_campaign") and campaign.status == MonitoringCampaign.Status.OPEN,
            can_report=user.has_perm("monitoring.view_district_report"),
            organisation_count=campaign.organisations.count(),
            # «Принять отчёт» for the ticked reports (the one bulk view of the workflows; back to this page).
            bulk_actions=[
                {"transition": t, "url": reverse(f"monitoring:submission_bulk_{t.code}")}
                for t in SUBMISSION.bulk_actions(user)
            ],
            bulk_next=self.request.get_full_path(),
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
        if self.object.status != MonitoringCampaign.Status.DRAFT:
            messages.error(
                self.request, "Удалить можно только мониторинг-черновик: по этому уже собраны отчёты."
            )
            return redirect(self.object.get_absolute_url())
        return super().form_valid(form)


class CampaignOpenView(ObjectActionView):
    model = MonitoringCampaign
    permission = "monitoring.open_campaign"

    def act(self, campaign):
        created = services.campaign_open(user=self.request.user, campaign=campaign)
        return f"Сбор открыт: формы получили организации — {created}."


class CampaignCloseView(ObjectActionView):
    model = MonitoringCampaign
    permission = "monitoring.open_campaign"

    def act(self, campaign):
        services.campaign_close(user=self.request.user, campaign=campaign)
        return "Сбор завершён."
