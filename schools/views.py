from django.db.models import Count

from salsk_mentoring.hub import links_for
from salsk_mentoring.views import RegistryDeleteView, RegistryDetailView, RegistryEditView, RegistryListView

from .filters import OrganisationFilter, PilotParticipantFilter
from .forms import OrganisationForm, PilotParticipantForm
from .models import Membership, Organisation, PilotParticipant, PilotProject
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
