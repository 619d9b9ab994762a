"""Autocomplete lookups of the schools app (see salsk_mentoring.autocomplete)."""

from salsk_mentoring.autocomplete import Lookup, register
from salsk_mentoring.search import NameQuery

from .models import Organisation


@register
class OrganisationLookup(Lookup):
    """Organisations by short or full name through the one name matcher (salsk_mentoring.search.NameQuery):
    «СОШ № 5», «сош №5», «СОШ N5» put «МБОУ СОШ № 5 …» first and never № 15; ``educational`` keeps schools,
    kindergartens, УДО and colleges."""

    name = "organisations"
    model = Organisation
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

    def search(self, queryset, text):
        return NameQuery(text).apply(queryset)

    def order(self, queryset, text):
        if NameQuery(text):
            return queryset.order_by("name_rank", *self.ordering)
        return super().order(queryset, text)

    def label(self, obj):
        return f"{obj.short_name} ({obj.municipality.name})"
