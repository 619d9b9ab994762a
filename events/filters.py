import datetime

import django_filters
from django.db.models import Q

from salsk_mentoring.filters import ALL, PortalFilterSet, YesNoFilter
from schools.models import Organisation

from . import execution
from .models import EventPlan, PlanItem, PlanItemResponsible, Status


def month_choices(user):
    """Months of the periods of the plans ``user`` sees, in calendar order, grouped by academic year:
    [(«2025-2026 учебный год», [(«2025-09», «сентябрь 2025»), …]), …]."""
    from .schedule import MONTH_NAMES

    months = set()
    for start, end in EventPlan.objects.for_user(user).values_list("period_start", "period_end"):
        day = start.replace(day=1)
        while day <= end:
            months.add((day.year, day.month))
            day = (day + datetime.timedelta(days=32)).replace(day=1)
    groups = {}
    for year, month in sorted(months):
        first = year if month >= 9 else year - 1
        groups.setdefault(f"{first}-{first + 1} учебный год", []).append(
            (f"{year}-{month:02d}", f"{MONTH_NAMES[month]} {year}")
        )
    return list(groups.items())


class PlanItemFilter(PortalFilterSet):
    plan = django_filters.ModelChoiceFilter(
        label="План", queryset=lambda request: EventPlan.objects.for_user(request.user).select_related("academic_year")
    )
    q = django_filters.CharFilter(label="Поиск", method="search")
    # Only organisations that can have a line: the named responsibles and the participants of the municipalities
    # that have a plan («ОО»). At region scale a select of every organisation would list ≈2,000 names.
    responsible = django_filters.ModelChoiceFilter(
        label="Ответственный",
        method="by_responsible",
        queryset=Organisation.objects.filter(
            Q(pk__in=PlanItemResponsible.objects.filter(organisation__isnull=False).values("organisation"))
            | Q(is_participant=True, municipality__in=EventPlan.objects.values("municipality")),
            is_active=True,
        ).order_by("short_name"),
    )
    # The selects are written by QuickSelect (PortalFilterSet swaps every plain select).
    status = django_filters.ChoiceFilter(label="Статус", choices=Status.choices, method="by_status")
    month = django_filters.ChoiceFilter(label="Месяц", choices=[], method="by_month")
    needs_pinning = YesNoFilter(label="Ждёт уточнения сроков", method="by_pinning")

    class Meta:
        model = PlanItem
        fields = ["plan", "q", "responsible", "status", "month", "needs_pinning"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["month"].extra["choices"] = choices = month_choices(self.request.user)
        self.form.fields["month"].choices = [("", ALL), *choices]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value)

    def by_responsible(self, queryset, name, org):
        return queryset.responsible(org)

    #: pk → computed state of the items a status filter looked at (None when no status filter ran): the table
    #: shows them instead of loading the same items, responsibles and execution rows a second time.
    item_states = None

    def _keep(self, queryset, predicate):
        items = execution.items_queryset(queryset.model.objects.filter(pk__in=queryset.values("pk")))
        states = execution.item_states(items)
        self.item_states = {s.item.pk: s for s in states}
        return queryset.filter(pk__in=[s.item.pk for s in states if predicate(s)])

    def by_status(self, queryset, name, value):
        return self._keep(queryset, lambda s: s.status == value)

    def by_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        touching = [i.pk for i in queryset.select_related("plan") if i.touches_month(year, month)]
        return queryset.filter(pk__in=touching)

    def by_pinning(self, queryset, name, value):
        if value is None:
            return queryset
        pinned = [i.pk for i in queryset.select_related("plan") if i.needs_pinning]
        return queryset.filter(pk__in=pinned) if value else queryset.exclude(pk__in=pinned)
