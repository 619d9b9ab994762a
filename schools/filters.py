import django_filters
from django.db.models import Q

from salsk_mentoring.filters import PortalFilterSet, YesNoFilter

from .models import Municipality, Organisation, PilotParticipant, PilotProject


class OrganisationFilter(PortalFilterSet):
    q = django_filters.CharFilter(label="Поиск", method="search")
    kind = django_filters.ChoiceFilter(label="Вид", choices=Organisation.Kind.choices)
    municipality = django_filters.ModelChoiceFilter(label="Муниципалитет", queryset=Municipality.objects.all())
    is_participant = YesNoFilter(label="Участник ЦМН")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "municipality", "is_participant"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(short_name__icontains=value) | Q(full_name__icontains=value))


class PilotParticipantFilter(PortalFilterSet):
    project = django_filters.ModelChoiceFilter(label="Проект", queryset=PilotProject.objects.all())

    class Meta:
        model = PilotParticipant
        fields = ["project"]
