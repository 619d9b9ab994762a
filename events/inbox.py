"""The plan lines of an organisation in its «Мои задачи» (salsk_mentoring.inbox)."""

from django.urls import reverse

from salsk_mentoring.inbox import Duty, in_year, organisation_duties

from . import execution
from .models import PlanItem, Status

ACTIONS = {Status.DONE: "Открыть", Status.OVERDUE: "Отчитаться", Status.IN_PROGRESS: "Отчитаться"}


def plan_lines(user, organisation, year=None, day=None):
    """The organisation's lines of the plans of ``year`` (all years when None), 4 queries."""
    items = in_year(PlanItem.objects.for_user(user).responsible(organisation), year, "plan__academic_year")
    items = execution.items_queryset(items, organisation_ids={organisation.pk})
    items = items.order_by("plan__period_start", "position")
    states = execution.item_states(items, day=day, organisation_ids={organisation.pk})
    return [line for state in states for line in state.lines]


@organisation_duties
def duties(user, organisation, year, day):
    result = []
    for line in plan_lines(user, organisation, year, day):
        item = line.item
        due = line.next_deadline or item.effective_due()
        result.append(
            Duty(
                kind="План мероприятий" if not item.is_order_duty else "Поручение по приказу",
                title=item.name,
                due=due,
                basis=item.order_point,
                url=reverse("events:line", args=[item.pk, organisation.pk]),
                action="Доработать" if line.returned else ACTIONS.get(line.status, "Отчитаться"),
                state=line.status_label,
                done=line.status == Status.DONE,
                overdue=line.status == Status.OVERDUE,
                year=item.plan.academic_year.name,
                due_text=item.deadline_text,
            )
        )
    return result
