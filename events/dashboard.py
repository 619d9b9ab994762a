"""Dashboard widget: what is overdue and what is due within 7 days — for a school its own lines,
for methodists and officials the whole district."""

from django.urls import reverse

from salsk_mentoring.dashboard import Widget

from . import execution
from .models import PlanItem, Status
from .views import my_organisation

LIMIT = 6


def widgets(request):
    user = request.user
    day = execution.today()
    if user.is_school:
        org = my_organisation(request)
        if org is None:
            return []
        states = execution.item_states(
            execution.items_queryset(PlanItem.objects.for_user(user).responsible(org), organisation_ids={org.pk}),
            organisation_ids={org.pk},
        )
        lines = [ln for s in states for ln in s.lines]
        overdue = [ln for ln in lines if ln.status == Status.OVERDUE]
        upcoming = sorted((ln for ln in lines if execution.is_upcoming(ln, day)), key=lambda ln: ln.next_deadline)
        context = {
            "overdue": overdue[:LIMIT],
            "overdue_count": len(overdue),
            "upcoming": upcoming[:LIMIT],
            "upcoming_count": len(upcoming),
            "school": org,
            "more_url": reverse("events:my_tasks"),
        }
    else:
        states = execution.item_states(execution.items_queryset(PlanItem.objects.for_user(user)))
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
    return [Widget("План мероприятий: сроки", "events/widget_deadlines.html", context, order=40, wide=True)]
