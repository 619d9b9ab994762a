import django_filters
from django.db.models import Q

from mentors.filters import scoped_organisations
from schools.models import AcademicYear

from .models import Campaign, Iom, IomTemplate


class IomFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="ФИО специалиста или наставника", method="search")
    organisation = django_filters.ModelChoiceFilter(label="Организация", queryset=scoped_organisations)
    academic_year = django_filters.ModelChoiceFilter(label="Учебный год", queryset=AcademicYear.objects.all())
    status = django_filters.MultipleChoiceFilter(label="Статус", choices=Iom.Status.choices)

    class Meta:
        model = Iom
        fields = ["q", "organisation", "academic_year", "status"]

    def search(self, queryset, name, value):
        query = Q()
        for word in value.split():
            query &= (
                Q(specialist__last_name__icontains=word)
                | Q(specialist__first_name__icontains=word)
                | Q(mentor__last_name__icontains=word)
            )
        return queryset.filter(query)


class IomTemplateFilter(django_filters.FilterSet):
    class Meta:
        model = IomTemplate
        fields = ["academic_year"]


class CampaignFilter(django_filters.FilterSet):
    class Meta:
        model = Campaign
        fields = ["academic_year", "is_open"]
