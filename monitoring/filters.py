import django_filters

from salsk_mentoring.filters import OrganisationNameFilter, PortalFilterSet, YesNoFilter
from schools.models import AcademicYear

from .models import Indicator, MonitoringCampaign, Target


class IndicatorFilter(PortalFilterSet):
    q = django_filters.CharFilter(label="Код, наименование", method="search")
    is_active = YesNoFilter(label="Используется")

    class Meta:
        model = Indicator
        fields = ["q", "group", "origin", "source", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(code__icontains=value)


class TargetFilter(PortalFilterSet):
    academic_year = django_filters.ModelChoiceFilter(label="Учебный год", queryset=AcademicYear.objects.all())
    indicator = django_filters.ModelChoiceFilter(label="Показатель", queryset=Indicator.objects.all())
    # A text search, not a select: at region scale a select would list ≈2000 organisations on every page.
    organisation = OrganisationNameFilter(label="Организация", field_name="organisation")

    class Meta:
        model = Target
        fields = ["academic_year", "level", "indicator", "organisation"]


class CampaignFilter(PortalFilterSet):
    academic_year = django_filters.ModelChoiceFilter(label="Учебный год", queryset=AcademicYear.objects.all())

    class Meta:
        model = MonitoringCampaign
        fields = ["academic_year", "kind", "status"]
