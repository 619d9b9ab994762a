from django.urls import path

from salsk_mentoring.imports import import_urls
from salsk_mentoring.views import registry_urls
from salsk_mentoring.workflow_views import transition_urls

from . import views
from .resources import MenteeImporter, MentorBankImporter, PairImporter, TeacherImporter
from .workflows import BANK, PAIR

app_name = "mentors"

urlpatterns = [
    # The public mentor bank: no login.
    path("bank/", views.PublicBankView.as_view(), name="public_bank"),
    path("bank/<int:pk>/", views.PublicCardView.as_view(), name="public_card"),
    path("bank/<int:pk>/photo/", views.PublicPhotoView.as_view(), name="public_photo"),
    # Teachers.
    *import_urls("teachers", "teacher", TeacherImporter, list_url_name="mentors:teacher_list"),
    *registry_urls(
        "teachers",
        "teacher",
        list_view=views.TeacherListView,
        detail_view=views.TeacherDetailView,
        edit_view=views.TeacherEditView,
        delete_view=views.TeacherDeleteView,
    ),
    # The mentor bank (Appendix 7).
    *import_urls(
        "mentor-bank", "mentorbankentry", MentorBankImporter, list_url_name="mentors:mentorbankentry_list"
    ),
    *registry_urls(
        "mentor-bank",
        "mentorbankentry",
        list_view=views.MentorBankListView,
        detail_view=views.MentorBankDetailView,
        edit_view=views.MentorBankEditView,
        delete_view=views.MentorBankDeleteView,
    ),
    *transition_urls(BANK, "mentor-bank", select_related=("teacher", "organisation", "year")),
    path("mentor-bank/<int:pk>/photo/", views.MentorBankPhotoView.as_view(), name="mentorbankentry_photo"),
    path("mentor-bank/<int:parent>/consent/", views.ConsentAddView.as_view(), name="publicationconsent_add"),
    path(
        "consents/<int:pk>/withdraw/", views.ConsentWithdrawView.as_view(), name="publicationconsent_withdraw"
    ),
    # Mentees.
    *import_urls("mentees", "mentee", MenteeImporter, list_url_name="mentors:mentee_list"),
    *registry_urls(
        "mentees",
        "mentee",
        list_view=views.MenteeListView,
        detail_view=views.MenteeDetailView,
        edit_view=views.MenteeEditView,
        delete_view=views.MenteeDeleteView,
    ),
    # Forms of mentoring, Appendix 3 templates, school programmes.
    *registry_urls(
        "mentoring-forms",
        "mentoringform",
        list_view=views.MentoringFormListView,
        detail_view=views.MentoringFormDetailView,
        edit_view=views.MentoringFormEditView,
    ),
    *registry_urls(
        "programme-templates",
        "programmetemplate",
        list_view=views.ProgrammeTemplateListView,
        detail_view=views.ProgrammeTemplateDetailView,
        edit_view=views.ProgrammeTemplateEditView,
    ),
    *registry_urls(
        "programmes",
        "programme",
        list_view=views.ProgrammeListView,
        detail_view=views.ProgrammeDetailView,
        edit_view=views.ProgrammeEditView,
        delete_view=views.ProgrammeDeleteView,
    ),
    # Pairs, their meetings and surveys; health board; matching.
    path("pairs/health/", views.PairHealthView.as_view(), name="pair_health"),
    *import_urls("pairs", "pair", PairImporter, list_url_name="mentors:pair_list"),
    *registry_urls(
        "pairs",
        "pair",
        list_view=views.PairListView,
        detail_view=views.PairDetailView,
        edit_view=views.PairEditView,
        delete_view=views.PairDeleteView,
    ),
    *transition_urls(PAIR, "pairs", select_related=("mentor__teacher", "organisation", "year")),
    path("pairs/<int:parent>/meetings/add/", views.MeetingAddView.as_view(), name="meeting_add"),
    path("pairs/<int:parent>/surveys/add/", views.SurveyAddView.as_view(), name="feedbacksurvey_add"),
    path("matching/", views.MatchingListView.as_view(), name="matching"),
    path("matching/<int:pk>/", views.MatchingDetailView.as_view(), name="matching_detail"),
    # A school's request for a network pair, decided by a methodist.
    *registry_urls(
        "network-requests",
        "networkpairrequest",
        list_view=views.NetworkPairRequestListView,
        detail_view=views.NetworkPairRequestDetailView,
    ),
    path(
        "network-requests/add/", views.NetworkPairRequestAddView.as_view(), name="networkpairrequest_add"
    ),
    path(
        "network-requests/<int:pk>/accept/",
        views.NetworkPairRequestAcceptView.as_view(),
        name="networkpairrequest_accept",
    ),
    path(
        "network-requests/<int:pk>/decline/",
        views.NetworkPairRequestDeclineView.as_view(),
        name="networkpairrequest_decline",
    ),
]
