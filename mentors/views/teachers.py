"""The teachers' registry."""


from salsk_mentoring.views import RegistryDeleteView, RegistryDetailView, RegistryEditView, RegistryListView

from ..filters import TeacherFilter
from ..forms import (
    TeacherForm,
)
from ..models import (
    MentorBankEntry,
    Pair,
    Teacher,
)
from ..resources import TeacherImporter
from ..tables import (
    TeacherTable,
)
from .common import ImportLinkMixin


class TeacherMixin:
    model = Teacher
    list_select_related = ("organisation",)


class TeacherListView(TeacherMixin, ImportLinkMixin, RegistryListView):
    empty_hint = "Внесите педагогов организации по одному («Добавить») или загрузите список из XLSX по шаблону."
    table_class = TeacherTable
    importer_class = TeacherImporter  # the XLSX export carries the import's columns: export → edit → import
    filterset_class = TeacherFilter


class TeacherDetailView(TeacherMixin, RegistryDetailView):
    template_name = "mentors/teacher_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["bank_entries"] = list(
            MentorBankEntry.objects.for_user(user).filter(teacher=self.object).select_related("year")
        )
        context["mentee_pairs"] = list(
            Pair.objects.for_user(user)
            .filter(mentees__teacher=self.object)
            .select_related("mentor__teacher", "year")
        )
        context["can_match"] = self.object.is_young_specialist and self.object.is_active
        return context


class TeacherEditView(TeacherMixin, RegistryEditView):
    form_class = TeacherForm


class TeacherDeleteView(TeacherMixin, RegistryDeleteView):
    pass
