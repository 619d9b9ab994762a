from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from salsk_mentoring.hub import links_for
from salsk_mentoring.views import RegistryDeleteView, RegistryDetailView, RegistryEditView, RegistryListView

from .filters import OrganisationFilter, PilotParticipantFilter
from .forms import OrganisationForm, PilotParticipantForm
from .models import AcademicYear, Membership, Organisation, PilotParticipant, PilotProject, YearRollover
from .rollover import adjustment_forms, choices_for, next_year, rollover_apply, rollover_preview
from .tables import OrganisationTable, PilotParticipantTable

#: People listed on the organisation's card; the rest are in the users registry.
ORG_USERS_SHOWN = 50


class OrganisationMixin:
    model = Organisation
    list_select_related = ("municipality",)


class OrganisationListView(OrganisationMixin, RegistryListView):
    table_class = OrganisationTable
    filterset_class = OrganisationFilter


class OrganisationDetailView(OrganisationMixin, RegistryDetailView):
    template_name = "schools/organisation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        context["abbreviations"] = list(org.abbreviations.all())
        context["participations"] = list(org.pilot_participations.select_related("project"))
        context["hub_links"] = links_for(self.request.user, org)
        # Who has access to the organisation: a school user sees the people of their own, methodists manage.
        context["org_memberships"] = list(
            Membership.objects.for_user(self.request.user).filter(organisation=org)
            .select_related("user").order_by("user__last_name", "user__first_name")[:ORG_USERS_SHOWN]
        )
        context["org_users_shown"] = ORG_USERS_SHOWN
        context["can_manage_users"] = self.request.user.has_perm("schools.add_user")
        return context


class OrganisationEditView(OrganisationMixin, RegistryEditView):
    form_class = OrganisationForm


class OrganisationDeleteView(OrganisationMixin, RegistryDeleteView):
    pass


class PilotParticipantMixin:
    model = PilotParticipant
    list_select_related = ("organisation", "project")

    def get_queryset(self):
        return (
            super().get_queryset().annotate(declared_count=Count("declared_teachers"))
            .order_by(*PilotParticipant._meta.ordering)
        )


class PilotParticipantListView(PilotParticipantMixin, RegistryListView):
    table_class = PilotParticipantTable
    filterset_class = PilotParticipantFilter
    title = "Пилотные организации проекта"


class PilotParticipantDetailView(PilotParticipantMixin, RegistryDetailView):
    template_name = "schools/pilotparticipant_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["teachers"] = list(self.object.declared_teachers.all())
        return context


class PilotParticipantEditView(PilotParticipantMixin, RegistryEditView):
    form_class = PilotParticipantForm


class PilotParticipantDeleteView(PilotParticipantMixin, RegistryDeleteView):
    pass


class PilotProjectDetailView(RegistryDetailView):
    model = PilotProject
    list_select_related = ("platform", "academic_year")
    template_name = "schools/pilotproject_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participants"] = list(
            PilotParticipant.objects.for_user(self.request.user)
            .filter(project=self.object)
            .select_related("organisation")
            .annotate(declared_count=Count("declared_teachers"))
        )
        return context


class YearRolloverView(LoginRequiredMixin, View):
    """«Новый учебный год»: preview per kind of what the transfer Y → Y+1 creates and what the new year already
    has; «Выполнить переход» applies it in one transaction (schools.rollover)."""

    template_name = "schools/rollover.html"

    def check(self, request):
        if not request.user.has_perm("schools.rollover_year"):
            raise PermissionDenied("Переход на новый учебный год выполняет только методист.")

    def source(self, request):
        pk = (request.POST if request.method == "POST" else request.GET).get("source", "")
        year = AcademicYear.objects.filter(pk=pk).first() if pk.isdigit() else None
        return year or AcademicYear.current()

    def chosen_programmes(self, request, source):
        if request.method != "POST":
            return None
        return {int(pk) for pk in request.POST.getlist("programme") if pk.isdigit()}

    def get(self, request):
        self.check(request)
        return self.render(request, self.source(request))

    def post(self, request):
        self.check(request)
        source = self.source(request)
        programmes = self.chosen_programmes(request, source)
        if source is None:
            messages.error(request, "В портале нет учебных годов: переходить не с чего.")
            return self.render(request, source)
        # The values adjusted on the page (the new year's indicator targets): all valid, or nothing happens.
        forms = adjustment_forms(user=request.user, source=source, data=request.POST)
        if not all(form.is_valid() for _, form in forms):
            messages.error(request, "Переход не выполнен: исправьте значения, отмеченные ниже.")
            return self.render(request, source, programmes=programmes, forms=forms)
        adjusted = {key: form.adjustments() for key, form in forms}
        if request.POST.get("confirm") != "1":
            messages.error(
                request,
                "Переход не выполнен: отметьте «Проверено: что будет создано, меня устраивает», "
                "затем нажмите «Выполнить переход».",
            )
            return self.render(request, source, programmes=programmes, forms=forms, adjusted=adjusted)
        target, results = rollover_apply(
            user=request.user, source=source, programmes=programmes, adjusted=adjusted
        )
        created = sum(r.create for r in results if r.kind != "Стаж педагогов (+1 год)")
        messages.success(
            request,
            f"Переход на {target} учебный год выполнен: создано записей — {created}; "
            "уже существовавшие данные нового года не изменены. Текущий учебный год — " + str(target) + ".",
        )
        return redirect(f"{reverse('schools:year_rollover')}?source={source.pk}")

    def render(self, request, source, programmes=None, forms=None, adjusted=None):
        results, target, source_programmes = [], None, []
        last = None
        if source is not None:
            results = rollover_preview(user=request.user, source=source, programmes=programmes, adjusted=adjusted)
            if forms is None:
                forms = adjustment_forms(user=request.user, source=source)
            target = next_year(source)
            source_programmes = choices_for(source, request.user)
            last = YearRollover.objects.filter(target__start_year=source.start_year + 1).select_related(
                "applied_by"
            ).first()
        return render(
            request,
            self.template_name,
            {
                "title": "Новый учебный год",
                "source": source,
                "target": target,
                "results": results,
                "years": AcademicYear.objects.order_by("-start_year"),
                "programmes": source_programmes,
                "chosen": programmes,
                "last_run": last,
                "pending": sum(r.create for r in results),
                "adjustments": forms or [],
            },
        )
