from django.urls import path

from salsk_mentoring.imports import import_urls
from salsk_mentoring.views import registry_urls
from salsk_mentoring.workflow_views import transition_urls

from . import views
from .resources import TargetImporter
from .workflows import SUBMISSION

app_name = "monitoring"

urlpatterns = [
    *registry_urls(
        "monitoring/campaigns",
        "monitoringcampaign",
        list_view=views.CampaignListView,
        detail_view=views.CampaignDetailView,
        edit_view=views.CampaignEditView,
        delete_view=views.CampaignDeleteView,
    ),
    path("monitoring/campaigns/<int:pk>/open/", views.CampaignOpenView.as_view(), name="campaign_open"),
    path("monitoring/campaigns/<int:pk>/close/", views.CampaignCloseView.as_view(), name="campaign_close"),
    path("monitoring/campaigns/<int:pk>/brief/", views.BriefView.as_view(), name="campaign_brief"),
    path("monitoring/submissions/<int:pk>/", views.SubmissionView.as_view(), name="submission_detail"),
    *transition_urls(
        SUBMISSION,
        "monitoring/submissions",
        select_related=("organisation", "campaign"),
        list_url_name="monitoring:monitoringcampaign_list",  # reports have no list: their campaign page is it
    ),
    path(
        "monitoring/submissions/<int:pk>/refresh/",
        views.SubmissionRefreshView.as_view(),
        name="submission_refresh",
    ),
    *registry_urls(
        "monitoring/indicators",
        "indicator",
        list_view=views.IndicatorListView,
        detail_view=views.IndicatorDetailView,
        edit_view=views.IndicatorEditView,
        delete_view=views.IndicatorDeleteView,
    ),
    *registry_urls(
        "monitoring/targets",
        "target",
        list_view=views.TargetListView,
        detail_view=views.TargetDetailView,
        edit_view=views.TargetEditView,
        delete_view=views.TargetDeleteView,
    ),
    *import_urls("monitoring/targets", "target", TargetImporter, list_url_name="monitoring:target_list"),
    path("monitoring/reports/district/", views.DistrictReportView.as_view(), name="report_district"),
    path(
        "monitoring/reports/organisations/<int:pk>/",
        views.OrganisationReportView.as_view(),
        name="report_organisation",
    ),
    path("monitoring/reports/compare/", views.ComparisonView.as_view(), name="report_compare"),
    path("monitoring/reports/trend/", views.TrendView.as_view(), name="report_trend"),
]
