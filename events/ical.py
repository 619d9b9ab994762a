"""iCalendar (RFC 5545) feeds of the plan: the whole plan, or one organisation's own tasks."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Status


def _event(item, day, *, summary_prefix="", status_label="", organisation=None):
    event = Event()
    org_part = f"-org{organisation.pk}" if organisation else ""
    event.add("uid", f"plan{item.plan_id}-item{item.pk}{org_part}-{day:%Y%m%d}@salsk-mentoring")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", f"{summary_prefix}П. {item.position} плана: {item.name}"[:250])
    lines = [
        f"Срок исполнения: {item.deadline_text}",
        f"Ответственный: {item.responsible_text}",
        f"Результат: {item.result}",
        f"Основание: {item.order_point}",
    ]
    if status_label:
        lines.insert(0, f"Статус: {status_label}")
    event.add("description", "\n".join(lines))
    event.add("url", f"{settings.PORTAL_BASE_URL}{item.get_absolute_url()}")
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(states, *, name: str, organisation=None) -> bytes:
    """``states`` from :func:`events.execution.item_states`; for an organisation only its own lines count."""
    cal = Calendar()
    cal.add("prodid", "-//УО Сальского района//Портал наставничества//RU")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for state in states:
        status = state.status
        if organisation is not None:
            own = [line for line in state.lines if line.organisation.pk == organisation.pk]
            if not own:
                continue
            status = own[0].status
        prefix = "✓ " if status == Status.DONE else ""
        for day in state.item.deadlines():
            cal.add_component(
                _event(
                    state.item,
                    day,
                    summary_prefix=prefix,
                    status_label=Status(status).label,
                    organisation=organisation,
                )
            )
    return cal.to_ical()
