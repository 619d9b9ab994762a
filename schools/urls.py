from django.urls import path

from salsk_mentoring.imports import import_urls
from salsk_mentoring.views import registry_urls

from . import views
from .accounts import views as accounts
from .accounts.importer import AccountImporter

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
    path("years/rollover/", views.YearRolloverView.as_view(), name="year_rollover"),
    # Users: methodists manage, officials read; no delete — an account is switched off and keeps its history.
    *registry_urls(
        "users", "user",
        list_view=accounts.UserListView, detail_view=accounts.UserDetailView, edit_view=accounts.UserEditView,
    ),
    path("users/<int:pk>/invite/", accounts.UserActionView.as_view(action="invite"), name="user_invite"),
    path("users/<int:pk>/deactivate/", accounts.UserActionView.as_view(action="deactivate"), name="user_deactivate"),
    path("users/<int:pk>/reactivate/", accounts.UserActionView.as_view(action="reactivate"), name="user_reactivate"),
    path("users/invite-responsibles/", accounts.InviteResponsiblesView.as_view(), name="user_invite_responsibles"),
    *import_urls("users", "user", AccountImporter, list_url_name="schools:user_list"),
]
