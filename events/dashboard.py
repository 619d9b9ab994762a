"""Dashboard widget: what is overdue and what is due within 7 days — for a school its own lines,
for methodists and officials the whole district."""

import datetime

from django.urls import reverse

from salsk_mentoring import inbox
from salsk_mentoring.dashboard import Widget, dashboard_widgets
from schools.models import AcademicYear

from . import execution
from .models import PlanItem, Status
from .views import my_organisation

LIMIT = 6


@dashboard_widgets
def widgets(request):
    user = request.user
    day = execution.today()
    year = AcademicYear.current()
    if user.is_school:
        # The top of «Мои задачи»: the same duties (current academic year and later ones), every section's.
        org = my_organisation(request)
        if org is None:
            return []
        duties = [d for d in inbox.shown_duties(user, org, year=year, day=day)[0] if not d.done]
        overdue = [d for d in duties if d.overdue]
        upcoming = [d for d in duties if not d.overdue and d.due and d.due <= day + datetime.timedelta(days=7)]
        context = {
            "overdue": overdue[:LIMIT],
            "overdue_count": len(overdue),
            "upcoming": upcoming[:LIMIT],
            "upcoming_count": len(upcoming),
            "open_count": len(duties),
            "year": year,
            "more_url": reverse("events:my_tasks"),
        }
        title = f"Мои задачи · с {year} учебного года" if year else "Мои задачи"
        return [Widget(title, "events/widget_inbox.html", context, order=40, wide=True)]
    items = PlanItem.objects.for_user(user)
    if year is not None:  # the plans of the current year and later ones, as «Мои задачи» shows them
        items = items.filter(plan__academic_year__start_year__gte=year.start_year)
    states = execution.item_states(execution.items_queryset(items))
    overdue = [s for s in states if s.status == Status.OVERDUE]
    overdue.sort(key=lambda s: (-s.item.plan.period_end.toordinal(), s.item.position))
    upcoming = sorted((s for s in states if execution.is_upcoming(s, day)), key=lambda s: s.next_deadline)
    context = {
        "overdue": overdue[:LIMIT],
        "overdue_count": len(overdue),
        "upcoming": upcoming[:LIMIT],
        "upcoming_count": len(upcoming),
        "school": None,
        "more_url": reverse("events:planitem_list") + f"?status={Status.OVERDUE}",
        "overdue_lines": sum(len(s.overdue_lines) for s in overdue),
    }
    title = f"План мероприятий: сроки · с {year} учебного года" if year else "План мероприятий: сроки"
    return [Widget(title, "events/widget_deadlines.html", context, order=40, wide=True)]
