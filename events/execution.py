"""Execution status of plan items and of each responsible's line, computed on the fly (never stored).

A *line* is one responsible organisation of one item. Items with «ОО» among
the responsibles give every participating organisation of the plan's
municipality its own line. :func:`plan_lines` builds all of them with a
constant number of queries.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils import timezone

from schools.models import Organisation

from .models import Assignment, PlanItem, PlanItemResponsible, Status

STATUS_CSS = {
    Status.NOT_STARTED: "secondary",
    Status.IN_PROGRESS: "primary",
    Status.DONE: "success",
    Status.OVERDUE: "danger",
}
UPCOMING_DAYS = 7


def today() -> datetime.date:
    return timezone.localdate()


class StatusLabels:
    """The Russian label and badge colour of ``self.status`` (a line's or an item's)."""

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def status_css(self):
        return STATUS_CSS[self.status]


@dataclass
class Line(StatusLabels):
    item: PlanItem
    organisation: Organisation
    assignment: Assignment | None
    via_all: bool
    status: str = Status.NOT_STARTED
    next_deadline: datetime.date | None = None

    @property
    def evidence_count(self) -> int:
        return getattr(self.assignment, "evidence_count", 0) if self.assignment else 0

    @property
    def returned(self) -> bool:
        """A methodist returned the line for rework: that is what the line shows, not «выполняется»."""
        return self.assignment is not None and self.assignment.state == Assignment.State.RETURNED

    @property
    def status_label(self):
        if self.returned:
            label = Assignment.State.RETURNED.label
            return f"{label}, {Status.OVERDUE.label}" if self.status == Status.OVERDUE else label
        return super().status_label

    @property
    def status_css(self):
        if self.returned and self.status != Status.OVERDUE:
            return "warning"
        return super().status_css


@dataclass
class ItemState(StatusLabels):
    item: PlanItem
    lines: list[Line] = field(default_factory=list)
    status: str = Status.NOT_STARTED
    next_deadline: datetime.date | None = None

    @property
    def done_count(self):
        return sum(1 for line in self.lines if line.status == Status.DONE)

    @property
    def overdue_lines(self):
        return [line for line in self.lines if line.status == Status.OVERDUE]


def line_status(item: PlanItem, assignment: Assignment | None, day: datetime.date, *, facts=None) -> str:
    """``facts``: (effective due date, a checkpoint before the last one has passed) from :func:`_item_facts`,
    computed once per item when there are many lines."""
    state = assignment.state if assignment is not None else Assignment.State.ASSIGNED
    if state == Assignment.State.DONE:
        return Status.DONE
    due, checkpoint_passed = facts or _item_facts(item, day)
    if due is not None and due < day:
        return Status.OVERDUE
    evidence = getattr(assignment, "evidence_count", 0) if assignment else 0
    # A checkpoint that passed with nothing reported is overdue even before the final date.
    if evidence == 0 and checkpoint_passed:
        return Status.OVERDUE
    if state != Assignment.State.ASSIGNED or evidence:
        return Status.IN_PROGRESS
    return Status.NOT_STARTED


def _item_facts(item: PlanItem, day: datetime.date):
    return item.effective_due(), any(d < day for d in item.checkpoints[:-1])


def item_status(item: PlanItem, lines: list[Line], day: datetime.date) -> str:
    if not lines:
        return line_status(item, None, day)
    statuses = {line.status for line in lines}
    if statuses == {Status.DONE}:
        return Status.DONE
    if Status.OVERDUE in statuses:
        return Status.OVERDUE
    if statuses & {Status.IN_PROGRESS, Status.DONE}:
        return Status.IN_PROGRESS
    return Status.NOT_STARTED


def items_queryset(qs=None, *, organisation_ids=None):
    """Items with everything the status needs prefetched (3 extra queries whatever the size).

    ``organisation_ids`` fetches only those organisations' execution rows (a school's own lines): at region
    scale the other schools' rows would be loaded and thrown away.
    """
    qs = qs if qs is not None else PlanItem.objects.all()
    assignments = Assignment.objects.annotate(evidence_count=Count("evidence")).order_by()
    if organisation_ids is not None:
        assignments = assignments.filter(organisation_id__in=list(organisation_ids))
    return qs.select_related("plan", "plan__academic_year").prefetch_related(
        Prefetch("responsibles", queryset=PlanItemResponsible.objects.select_related("organisation")),
        Prefetch("assignments", queryset=assignments),
    )


def participants_by_municipality(municipality_ids, organisation_ids=None) -> dict[int, list[Organisation]]:
    result: dict[int, list[Organisation]] = {m: [] for m in municipality_ids}
    if not municipality_ids:
        return result
    # Whom a duty of «ОО» (every participant) names; a school's lines are cut to its own by organisation_ids.
    orgs = Organisation.objects.unscoped(reason="the participants a duty of «ОО» names").filter(
        municipality_id__in=municipality_ids, is_participant=True, is_active=True
    )
    if organisation_ids is not None:
        orgs = orgs.filter(pk__in=list(organisation_ids))
    for org in orgs.order_by("short_name"):
        result[org.municipality_id].append(org)
    return result


def item_states(items, *, day=None, organisation_ids=None, participants=None) -> list[ItemState]:
    """States of ``items`` (evaluated from :func:`items_queryset`).

    ``organisation_ids`` limits the lines to those organisations (a school sees only its own).
    """
    day = day or today()
    items = list(items)
    if participants is None and any(r.all_participants for i in items for r in i.responsibles.all()):
        participants = participants_by_municipality(
            {i.plan.municipality_id for i in items}, organisation_ids=organisation_ids
        )
    participants = participants or {}
    states = []
    for item in items:
        by_org = {a.organisation_id: a for a in item.assignments.all()}
        lines: list[Line] = []
        seen = set()
        facts = _item_facts(item, day)
        next_deadline = item.next_deadline(day)
        for resp in item.responsibles.all():
            orgs = (
                participants.get(item.plan.municipality_id, [])
                if resp.all_participants
                else [resp.organisation]
            )
            for org in orgs:
                if org.pk in seen or (organisation_ids is not None and org.pk not in organisation_ids):
                    continue
                seen.add(org.pk)
                assignment = by_org.get(org.pk)
                if assignment is not None:
                    assignment.organisation = org  # its name on the page costs no query
                line = Line(item, org, assignment, resp.all_participants)
                line.status = line_status(item, assignment, day, facts=facts)
                line.next_deadline = next_deadline
                lines.append(line)
        state = ItemState(item, lines, next_deadline=next_deadline)
        state.status = (
            item_status(item, lines, day)
            if organisation_ids is None or lines
            else line_status(item, None, day)
        )
        states.append(state)
    return states


def responsible_for(item: PlanItem, org: Organisation) -> bool:
    """Is ``org`` one of the item's responsibles (named, or a participant where «ОО» is named)?"""
    for resp in item.responsibles.all():
        if resp.organisation_id == org.pk:
            return True
        if resp.all_participants and org.is_participant and org.municipality_id == item.plan.municipality_id:
            return True
    return False


def is_upcoming(line_or_state, day, days=UPCOMING_DAYS) -> bool:
    deadline = line_or_state.next_deadline
    return (
        line_or_state.status not in (Status.DONE, Status.OVERDUE)
        and deadline is not None
        and day <= deadline <= day + datetime.timedelta(days=days)
    )
