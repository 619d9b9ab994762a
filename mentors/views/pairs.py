"""Mentoring pairs: the registry, status changes, meetings and feedback surveys."""

from django.db.models import Prefetch
from django.utils import timezone

from salsk_mentoring.params import pk_param
from salsk_mentoring.views import RegistryDeleteView, RegistryDetailView, RegistryEditView, RegistryListView
from salsk_mentoring.workflow_views import transition_actions
from schools.models import AcademicYear

from ..filters import PairFilter
from ..forms import (
    FeedbackSurveyForm,
    MeetingForm,
    PairForm,
)
from ..models import (
    FeedbackSurvey,
    Meeting,
    Mentee,
    MentorBankEntry,
    MentoringForm,
    Pair,
)
from ..resources import PairImporter
from ..tables import (
    PairTable,
)
from ..workflows import PAIR
from .common import ChildEditView, ImportLinkMixin


class PairMixin:
    model = Pair
    list_select_related = ("mentor__teacher", "organisation", "form", "year")


class PairListView(PairMixin, ImportLinkMixin, RegistryListView):
    empty_hint = (
        "Подберите наставника молодому специалисту в разделе «Подбор наставников» или "
        "создайте пару кнопкой «Добавить»."
    )
    table_class = PairTable
    importer_class = PairImporter  # the XLSX export carries the import's columns: export → edit → import
    filterset_class = PairFilter
    workflow = PAIR

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("mentees", queryset=Mentee.objects.select_related("teacher")))
        )


class PairDetailView(PairMixin, RegistryDetailView):
    template_name = "mentors/pair_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pair, user = self.object, self.request.user
        context.update(
            mentees=list(pair.mentees.select_related("teacher", "organisation")),
            meetings=list(pair.meetings.select_related("logged_by")),
            surveys=list(pair.surveys.all()),
            actions=transition_actions(PAIR, user, pair),
            can_log=user.has_perm("mentors.change_pair", pair),
            total_hours=sum((m.hours for m in pair.meetings.all()), 0),
        )
        return context


class PairEditView(PairMixin, RegistryEditView):
    form_class = PairForm

    def get_initial(self):
        initial = super().get_initial()
        if self.is_add:
            mentor = (
                MentorBankEntry.objects.for_user(self.request.user)
                .filter(pk=pk_param(self.request.GET, "mentor"))
                .first()
            )
            if mentor:
                initial["mentor"] = mentor
                initial["year"] = mentor.year
            teacher = pk_param(self.request.GET, "mentee_teacher")
            mentee = (
                Mentee.objects.for_user(self.request.user).filter(teacher_id=teacher).first()
                if teacher
                else None
            )
            if mentee:
                initial["mentees"] = [mentee]
            initial.setdefault("form", MentoringForm.objects.filter(code="teacher_teacher").first())
            year = AcademicYear.current()
            if year:
                today = timezone.localdate()
                initial["start_date"] = today if year.contains(today) else year.start_date
                initial["end_date"] = year.end_date
        return initial


class PairDeleteView(PairMixin, RegistryDeleteView):
    pass


class MeetingAddView(ChildEditView):
    model = Meeting
    parent_model = Pair
    parent_field = "pair"
    form_class = MeetingForm
    success_message = "Встреча внесена в журнал: {object}."

    def get_initial(self):
        return {
            "date": timezone.localdate(),
            "hours": 1,
            "logged_as": Meeting.LoggedAs.COORDINATOR
            if self.request.user.is_school
            else Meeting.LoggedAs.MENTOR,
        }

    def form_valid(self, form):
        form.instance.logged_by = self.request.user
        return super().form_valid(form)


class SurveyAddView(ChildEditView):
    model = FeedbackSurvey
    parent_model = Pair
    parent_field = "pair"
    form_class = FeedbackSurveyForm
    success_message = "Анкета сохранена."
