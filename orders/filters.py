import django_filters
from django.db.models import Q

from salsk_mentoring.filters import PortalFilterSet, YearFilter

from .models import Order


class OrderFilter(PortalFilterSet):
    q = django_filters.CharFilter(label="Поиск", method="search")
    year = YearFilter(label="Год", field_name="date", lookup_expr="year")
    status = django_filters.ChoiceFilter(label="Статус", choices=Order.Status.choices)

    class Meta:
        model = Order
        fields = ["q", "year", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(number__iexact=value) | Q(preamble__icontains=value)
        )
