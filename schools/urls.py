from django.urls import path

from salsk_mentoring.views import registry_urls

from . import views

app_name = "schools"

urlpatterns = [
    *registry_urls(
        "organisations", "organisation",
        list_view=views.OrganisationListView, detail_view=views.OrganisationDetailView,
        edit_view=views.OrganisationEditView, delete_view=views.OrganisationDeleteView,
    ),
    *registry_urls(
        "pilot/participants", "pilotparticipant",
        list_view=views.PilotParticipantListView, detail_view=views.PilotParticipantDetailView,
        edit_view=views.PilotParticipantEditView, delete_view=views.PilotParticipantDeleteView,
    ),
    path("pilot/<int:pk>/", views.PilotProjectDetailView.as_view(), name="pilotproject_detail"),
]
