"""Forms of mentoring, the sample programmes of Appendix 3 and the schools' programmes."""


from salsk_mentoring.params import pk_param
from salsk_mentoring.views import RegistryDeleteView, RegistryDetailView, RegistryEditView, RegistryListView

from ..filters import ProgrammeFilter
from ..forms import (
    MentoringFormForm,
    ProgrammeForm,
    ProgrammeTemplateForm,
)
from ..models import (
    MentoringForm,
    Programme,
    ProgrammeTemplate,
    lines,
)
from ..tables import (
    MentoringFormTable,
    ProgrammeTable,
    ProgrammeTemplateTable,
)


class MentoringFormMixin:
    model = MentoringForm


class MentoringFormListView(MentoringFormMixin, RegistryListView):
    table_class = MentoringFormTable


class MentoringFormDetailView(MentoringFormMixin, RegistryDetailView):
    pass


class MentoringFormEditView(MentoringFormMixin, RegistryEditView):
    form_class = MentoringFormForm


class ProgrammeTemplateMixin:
    model = ProgrammeTemplate
    list_select_related = ("form",)


class ProgrammeTemplateListView(ProgrammeTemplateMixin, RegistryListView):
    table_class = ProgrammeTemplateTable
    title = "Примерные программы наставничества (приложение 3)"


class ProgrammeTemplateDetailView(ProgrammeTemplateMixin, RegistryDetailView):
    template_name = "mentors/programme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = programme_sections(self.object)
        context["can_base_programme"] = self.request.user.has_perm("mentors.add_programme")
        return context


class ProgrammeTemplateEditView(ProgrammeTemplateMixin, RegistryEditView):
    form_class = ProgrammeTemplateForm


def programme_sections(obj):
    return [
        ("Цель", [obj.goals]),
        ("Задачи", lines(obj.tasks)),
        ("Этапы реализации", lines(obj.stages)),
        ("Ожидаемые результаты", lines(obj.expected_results)),
    ]


class ProgrammeMixin:
    model = Programme
    list_select_related = ("organisation", "year", "template")


class ProgrammeListView(ProgrammeMixin, RegistryListView):
    table_class = ProgrammeTable
    filterset_class = ProgrammeFilter


class ProgrammeDetailView(ProgrammeMixin, RegistryDetailView):
    template_name = "mentors/programme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = programme_sections(self.object)
        return context


class ProgrammeEditView(ProgrammeMixin, RegistryEditView):
    form_class = ProgrammeForm

    def get_initial(self):
        initial = super().get_initial()
        template_pk = pk_param(self.request.GET, "template")
        template = ProgrammeTemplate.objects.for_user(self.request.user).filter(pk=template_pk).first()
        if template and self.is_add:
            initial.update(template=template, title=template.title)
        return initial


class ProgrammeDeleteView(ProgrammeMixin, RegistryDeleteView):
    pass
