import django_filters

from mentors.filters import scoped_organisations
from schools.models import AcademicYear

from .models import Campaign, Indicator, Target


class IndicatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Код, наименование", method="search")

    class Meta:
        model = Indicator
        fields = ["q", "group", "origin", "source", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(code__icontains=value)


class TargetFilter(django_filters.FilterSet):
    academic_year = django_filters.ModelChoiceFilter(label="Учебный год", queryset=AcademicYear.objects.all())
    indicator = django_filters.ModelChoiceFilter(label="Показатель", queryset=Indicator.objects.all())
    organisation = django_filters.ModelChoiceFilter(label="Организация", queryset=scoped_organisations)

    class Meta:
        model = Target
        fields = ["academic_year", "level", "indicator", "organisation"]


class CampaignFilter(django_filters.FilterSet):
    academic_year = django_filters.ModelChoiceFilter(label="Учебный год", queryset=AcademicYear.objects.all())

    class Meta:
        model = Campaign
        fields = ["academic_year", "kind", "status"]
