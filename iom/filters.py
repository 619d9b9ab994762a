import django_filters
from django import forms
from django.db.models import Q

from mentors.filters import scoped_organisations
from salsk_mentoring.filters import OrganisationNameFilter, PortalFilterSet, QuickSelect, QuickSelectMultiple
from schools.models import AcademicYear, Municipality

from .models import Iom, IomCampaign, IomTemplate


class IomFilter(PortalFilterSet):
    """At region scale a select of 2,000 organisations is slow to render and to use: methodists filter by
    municipality and a part of the name; the exact organisation (links from a campaign) is a hidden field."""

    q = django_filters.CharFilter(label="ФИО специалиста или наставника", method="search")
    municipality = django_filters.ModelChoiceFilter(
        label="Муниципалитет",
        field_name="organisation__municipality",
        queryset=Municipality.objects.all(),
        widget=QuickSelect,
    )
    org_name = OrganisationNameFilter(label="Организация (часть названия)", field_name="organisation")
    organisation = django_filters.ModelChoiceFilter(
        label="Организация", queryset=scoped_organisations, widget=forms.HiddenInput
    )
    academic_year = django_filters.ModelChoiceFilter(
        label="Учебный год", queryset=AcademicYear.objects.all(), widget=QuickSelect
    )
    # distinct=False: status is a column of the IOM itself, SELECT DISTINCT over every column only slowed it down.
    status = django_filters.MultipleChoiceFilter(
        label="Статус", choices=Iom.Status.choices, distinct=False, widget=QuickSelectMultiple
    )

    class Meta:
        model = Iom
        fields = ["q", "municipality", "org_name", "organisation", "academic_year", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_school", False):
            # A school sees its own organisation(s) only: a short select is enough.
            self.filters["organisation"].extra["widget"] = QuickSelect
            del self.filters["municipality"]
            del self.filters["org_name"]

    def search(self, queryset, name, value):
        query = Q()
        for word in value.split():
            query &= (
                Q(specialist__last_name__icontains=word)
                | Q(specialist__first_name__icontains=word)
                | Q(mentor__last_name__icontains=word)
            )
        return queryset.filter(query)


class IomTemplateFilter(PortalFilterSet):
    class Meta:
        model = IomTemplate
        fields = ["academic_year"]


class CampaignFilter(PortalFilterSet):
    class Meta:
        model = IomCampaign
        fields = ["academic_year", "is_open"]
