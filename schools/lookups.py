"""Autocomplete lookups of the schools app (see salsk_mentoring.autocomplete)."""

from salsk_mentoring.autocomplete import Lookup, register

from .models import Organisation


@register
class OrganisationLookup(Lookup):
    """Organisations by short or full name; ``educational`` keeps schools, kindergartens, УДО and colleges."""

    name = "organisations"
    model = Organisation
    search_fields = ("short_name", "full_name")
    ordering = ("short_name", "municipality__name", "pk")
    select_related = ("municipality",)
    flags = ("educational", "active")
    noun = "организация,организации,организаций"
    invalid_choice = "Такой организации нет среди доступных вам: выберите её из подсказок."
    placeholder = "Часть названия, например «СОШ № 5»"

    def filter(self, queryset, params):
        if params.get("educational"):
            queryset = queryset.filter(kind__in=Organisation.EDUCATIONAL_KINDS)
        if params.get("active"):
            queryset = queryset.filter(is_active=True)
        return queryset

    def label(self, obj):
        return f"{obj.short_name} ({obj.municipality.name})"
