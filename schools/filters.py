import django_filters
from django.db.models import Q

from .models import Municipality, Organisation, PilotParticipant, PilotProject


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Поиск", method="search")
    kind = django_filters.ChoiceFilter(label="Вид", choices=Organisation.Kind.choices)
    municipality = django_filters.ModelChoiceFilter(label="Муниципалитет", queryset=Municipality.objects.all())
    is_participant = django_filters.BooleanFilter(label="Участник ЦМН")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "municipality", "is_participant"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(short_name__icontains=value) | Q(full_name__icontains=value))


class PilotParticipantFilter(django_filters.FilterSet):
    project = django_filters.ModelChoiceFilter(label="Проект", queryset=PilotProject.objects.all())

    class Meta:
        model = PilotParticipant
        fields = ["project"]
