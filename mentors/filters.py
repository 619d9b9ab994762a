import django_filters
from django.db.models import Q

from salsk_mentoring.filters import PortalFilterSet, YesNoFilter

from schools.models import Organisation

from .models import YOUNG_SPECIALIST_MAX_YEARS, Teacher


def scoped_organisations(request):
    if request is None:
        return Organisation.objects.none()
    return Organisation.objects.for_user(request.user)


class TeacherFilter(PortalFilterSet):
    q = django_filters.CharFilter(label="ФИО, предмет", method="search")
    organisation = django_filters.ModelChoiceFilter(label="Организация", queryset=scoped_organisations)
    category = django_filters.ChoiceFilter(label="Категория", choices=Teacher.Category.choices)
    young = YesNoFilter(label="Молодой специалист (стаж 0–3 года)", method="filter_young")
    is_active = YesNoFilter(label="Работает")

    class Meta:
        model = Teacher
        fields = ["q", "organisation", "category", "young", "is_active"]

    def search(self, queryset, name, value):
        query = Q()
        for word in value.split():
            query &= (
                Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(middle_name__icontains=word)
                | Q(subjects__icontains=word)
            )
        return queryset.filter(query)

    def filter_young(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(teaching_experience__lte=YOUNG_SPECIALIST_MAX_YEARS)
        return queryset.filter(teaching_experience__gt=YOUNG_SPECIALIST_MAX_YEARS)
