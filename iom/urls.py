from django.urls import path

from salsk_mentoring.views import registry_urls
from salsk_mentoring.workflow_views import transition_urls

from . import views
from .resources import IomRowImportTemplateView, IomRowImportView
from .workflows import IOM

app_name = "iom"

urlpatterns = [
    *registry_urls(
        "iom/templates",
        "iomtemplate",
        list_view=views.IomTemplateListView,
        detail_view=views.IomTemplateDetailView,
        edit_view=views.IomTemplateEditView,
    ),
    path("iom/templates/<int:pk>/print/", views.IomTemplatePrintView.as_view(), name="iomtemplate_print"),
    *registry_urls(
        "iom/campaigns",
        "iomcampaign",
        list_view=views.CampaignListView,
        detail_view=views.CampaignDetailView,
        edit_view=views.CampaignEditView,
    ),
    path("iom/campaigns/<int:pk>/remind/", views.CampaignRemindView.as_view(), name="campaign_remind"),
    *registry_urls(
        "iom",
        "iom",
        list_view=views.IomListView,
        detail_view=views.IomDetailView,
        edit_view=views.IomEditView,
        delete_view=views.IomDeleteView,
    ),
    *transition_urls(IOM, "iom", select_related=("specialist", "mentor", "organisation", "academic_year")),
    path("iom/<int:pk>/progress/", views.IomExecutionView.as_view(), name="iom_execution"),
    path("iom/<int:pk>/print/", views.IomPrintView.as_view(), name="iom_print"),
    path("iom/rows/<int:pk>/evidence/", views.evidence_file, name="iomrow_evidence"),
    path("iom/<int:pk>/import/", IomRowImportView.as_view(), name="iomrow_import"),
    path("iom/<int:pk>/import/template/", IomRowImportTemplateView.as_view(), name="iomrow_import_template"),
]
