from django.urls import NoReverseMatch, reverse

from salsk_mentoring.views import RegistryDeleteView, RegistryDetailView, RegistryEditView, RegistryListView

from .filters import TeacherFilter
from .forms import TeacherForm
from .models import Teacher
from .tables import TeacherTable


class ImportLinkMixin:
    """A list with an «Импорт XLSX» button when the registry has an import URL."""

    template_name = "mentors/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["import_url"] = reverse(self.url_name("import"))
        except NoReverseMatch:
            context["import_url"] = None
        return context


class TeacherMixin:
    model = Teacher
    list_select_related = ("organisation",)


class TeacherListView(TeacherMixin, ImportLinkMixin, RegistryListView):
    table_class = TeacherTable
    filterset_class = TeacherFilter


class TeacherDetailView(TeacherMixin, RegistryDetailView):
    pass


class TeacherEditView(TeacherMixin, RegistryEditView):
    form_class = TeacherForm


class TeacherDeleteView(TeacherMixin, RegistryDeleteView):
    pass
