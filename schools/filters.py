import django_filters

from salsk_mentoring.filters import PortalFilterSet, YesNoFilter
from salsk_mentoring.search import NameQuery

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
        """The one name matcher (salsk_mentoring.search.NameQuery), best match first."""
        query = NameQuery(value)
        return query.apply(queryset).order_by("name_rank", *Organisation._meta.ordering) if query else queryset


class PilotParticipantFilter(PortalFilterSet):
    project = django_filters.ModelChoiceFilter(label="Проект", queryset=PilotProject.objects.all())

    class Meta:
        model = PilotParticipant
        fields = ["project"]
