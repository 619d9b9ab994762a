"""The mentees' registry."""


from salsk_mentoring.views import RegistryDeleteView, RegistryDetailView, RegistryEditView, RegistryListView

from ..filters import MenteeFilter
from ..forms import (
    MenteeForm,
)
from ..models import (
    Mentee,
    Pair,
)
from ..resources import MenteeImporter
from ..tables import (
    MenteeTable,
)
from .common import ImportLinkMixin


class MenteeMixin:
    model = Mentee
    list_select_related = ("teacher", "organisation")


class MenteeListView(MenteeMixin, ImportLinkMixin, RegistryListView):
    empty_hint = (
        "Внесите молодых специалистов (педагогический стаж 0–3 года) из реестра "
        "педагогов или загрузите список из XLSX."
    )
    table_class = MenteeTable
    importer_class = MenteeImporter  # the XLSX export carries the import's columns: export → edit → import
    filterset_class = MenteeFilter

    def get_queryset(self):
        return super().get_queryset().with_current_mentor()


class MenteeDetailView(MenteeMixin, RegistryDetailView):
    template_name = "mentors/mentee_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pairs"] = list(
            Pair.objects.for_user(self.request.user).filter(mentees=self.object)
            .select_related("mentor__teacher", "year", "form")
        )  # fmt: skip
        return context


class MenteeEditView(MenteeMixin, RegistryEditView):
    form_class = MenteeForm


class MenteeDeleteView(MenteeMixin, RegistryDeleteView):
    pass
