from salsk_mentoring.views import RegistryDeleteView, RegistryDetailView, RegistryEditView, RegistryListView

from .filters import TeacherFilter
from .forms import TeacherForm
from .models import Teacher
from .tables import TeacherTable


class TeacherMixin:
    model = Teacher
    list_select_related = ("organisation",)


class TeacherListView(TeacherMixin, RegistryListView):
    table_class = TeacherTable
    filterset_class = TeacherFilter


class TeacherDetailView(TeacherMixin, RegistryDetailView):
    pass


class TeacherEditView(TeacherMixin, RegistryEditView):
    form_class = TeacherForm


class TeacherDeleteView(TeacherMixin, RegistryDeleteView):
    pass
