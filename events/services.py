"""Workflows of the event plan: a line's transitions (events/workflows.py), evidence, the calendar key, reminders."""

import datetime
import re
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from salsk_mentoring.locking import lock_row
from salsk_mentoring.mail import send_mail_template
from salsk_mentoring.scoping import CHANGE
from salsk_mentoring.text import plural_ru
from schools.contacts import organisation_contacts
from schools.models import AcademicYear, Membership, shift_date

from . import execution
from .models import Assignment, CalendarFeed, EventPlan, Evidence, PlanItem, PlanItemResponsible, ReminderLog, Status
from .workflows import LINE


def _check_line(user, item, organisation):
    if not execution.responsible_for(item, organisation):
        raise ValidationError(f"«{organisation}» не отвечает за п. {item.position} плана.")
    if not user.has_perm("events.change_assignment", organisation):
        raise PermissionDenied(
            "Отчитываться по этой строке плана может только сама организация или методист."
        )


def assignment_for(*, item, organisation) -> Assignment:
    # The caller checked that the user reports for ``organisation`` (_check_line).
    lines = Assignment.objects.unscoped(reason="the line of an organisation the user reports for")
    assignment, _ = lines.get_or_create(item=item, organisation=organisation)
    return assignment


def _move(assignment: Assignment, code: str, *, user, comment: str = "", **fields) -> Assignment:
    """One transition of the plan line's table (events/workflows.py), inside the caller's transaction."""
    _check_line(user, assignment.item, assignment.organisation)
    LINE.begin(assignment, code, user=user)
    return LINE.finish(assignment, code, user=user, comment=comment, **fields)


@transaction.atomic
def line_start(*, assignment: Assignment, user) -> Assignment:
    """Work on the line has begun."""
    return _move(assignment, "start", user=user, started_at=assignment.started_at or execution.today())


@transaction.atomic
def line_complete(*, assignment: Assignment, user) -> Assignment:
    """The line is done: at least one evidence is required."""
    if assignment.pk is None or not assignment.evidence.exists():
        raise ValidationError("Чтобы отметить пункт выполненным, приложите хотя бы одно подтверждение.")
    today = execution.today()
    return _move(assignment, "complete", user=user, started_at=assignment.started_at or today, completed_at=today)


@transaction.atomic
def line_reopen(*, assignment: Assignment, user) -> Assignment:
    """The organisation (or a methodist) takes a done line back into work."""
    return _move(assignment, "reopen", user=user, completed_at=None)


@transaction.atomic
def line_return(*, assignment: Assignment, user, comment: str) -> Assignment:
    """A methodist returns a done line for rework with remarks."""
    if not (comment or "").strip():
        raise ValidationError({"comment": "Напишите, что нужно доработать: без замечаний строка не возвращается."})
    comment = comment.strip()
    return _move(assignment, "return", user=user, comment=comment, completed_at=None, remarks=comment)


@transaction.atomic
def evidence_add(*, user, item: PlanItem, organisation, evidence: Evidence) -> Evidence:
    """File ``evidence`` (a validated, unsaved Evidence) under the organisation's line of ``item``."""
    _check_line(user, item, organisation)
    assignment = assignment_for(item=item, organisation=organisation)
    evidence.assignment = assignment
    evidence.created_by = user
    evidence.full_clean(exclude=["file"])  # the file was checked by content when it came in
    evidence.save()
    if assignment.state == Assignment.State.ASSIGNED:
        # The first evidence means the work has begun: the same transition as «Начать работу».
        _move(assignment, "start", user=user, started_at=execution.today())
    return evidence


def evidence_delete(*, user, evidence: Evidence):
    if not user.has_perm("events.delete_evidence", evidence):
        raise PermissionDenied("Удалить подтверждение может только сама организация или методист.")
    if evidence.assignment.state == Assignment.State.DONE and evidence.assignment.evidence.count() == 1:
        raise ValidationError(
            "Это единственное подтверждение выполненного пункта: сначала верните пункт в работу."
        )
    evidence.file.delete(save=False) if evidence.file else None
    evidence.delete()


def calendar_feed_for(*, user, organisation) -> CalendarFeed:
    """The user's secret calendar address for ``organisation`` (made on first use)."""
    membership = Membership.objects.for_user(user).get(user=user, organisation=organisation)
    feed, _ = CalendarFeed.objects.for_user(user).get_or_create(membership=membership)
    return feed


def calendar_feed_rotate(*, user, organisation) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    if not user.has_perm("events.change_calendarfeed", organisation):
        raise PermissionDenied("Сменить адрес календаря может только сама организация или методист.")
    feed = calendar_feed_for(user=user, organisation=organisation)
    feed.token = secrets.token_urlsafe()
    feed.save()
    return feed


CLOSED_PLAN_GRACE = datetime.timedelta(days=30)


# --- reminders ---------------------------------------------------------------------------------------------
def _recipients(organisation, contacts) -> list:
    """The organisation's heads and responsibles (or members); without any, the organisation's own address."""
    return contacts.get(organisation.pk) or ([organisation.email] if organisation.email else [])


def _message_context(stage, line, due) -> dict:
    days = (due - line.today).days
    return {
        "overdue": stage == ReminderLog.Stage.OVERDUE,
        "item": line.item,
        "due": due,
        "days_left": f"{days} {plural_ru(days, 'день,дня,дней')}",
        "url": f"{settings.PORTAL_BASE_URL}{line.organisation_url}",
    }


def reminders_send(*, today=None, days: int = execution.UPCOMING_DAYS, dry_run: bool = False) -> list[ReminderLog]:
    """E-mail each responsible about its lines due within ``days`` and overdue ones, once per item and stage.

    A line is reminded once «upcoming» (per deadline: each checkpoint has its own) and once «overdue».
    Lines already done, and external items not yet pinned to dates, get nothing.
    """
    today = today or execution.today()
    # Plans closed more than CLOSED_PLAN_GRACE ago are history: nobody is reminded about 2022 items in 2026.
    current = PlanItem.objects.filter(plan__period_end__gte=today - CLOSED_PLAN_GRACE)
    states = execution.item_states(execution.items_queryset(current), day=today)
    already = set(ReminderLog.objects.values_list("item_id", "organisation_id", "stage", "due"))
    org_ids = {line.organisation.pk for s in states for line in s.lines}
    contacts = organisation_contacts(org_ids)
    sent = []
    for state in states:
        item = state.item
        if item.needs_pinning and item.due is None and item.plan.period_end >= today:
            continue
        for line in state.lines:
            if line.status == Status.DONE:
                continue
            line.today = today
            line.organisation_url = reverse("events:line", args=[item.pk, line.organisation.pk])
            stage = due = None
            if line.status == Status.OVERDUE:
                passed = [d for d in item.deadlines() if d < today] or [item.effective_due()]
                stage, due = ReminderLog.Stage.OVERDUE, passed[-1]
            elif line.next_deadline and today <= line.next_deadline <= today + datetime.timedelta(days=days):
                stage, due = ReminderLog.Stage.UPCOMING, line.next_deadline
            if stage is None or (item.pk, line.organisation.pk, stage, due) in already:
                continue
            recipients = _recipients(line.organisation, contacts)
            emails = sorted({getattr(r, "email", r) for r in recipients})
            if not emails:
                continue
            if dry_run:
                sent.append(
                    ReminderLog(
                        item=item,
                        organisation=line.organisation,
                        stage=stage,
                        due=due,
                        recipients=", ".join(emails),
                    )
                )
                continue
            try:
                with transaction.atomic():
                    log = ReminderLog.objects.create(
                        item=item,
                        organisation=line.organisation,
                        stage=stage,
                        due=due,
                        recipients=", ".join(emails),
                        sent_at=timezone.now(),
                    )
                    send_mail_template("plan_reminder", _message_context(stage, line, due), recipients)
            except IntegrityError:
                continue  # another run recorded it first
            already.add((item.pk, line.organisation.pk, stage, due))
            sent.append(log)
    return sent


def _shift_years(text: str, years: int) -> str:
    """«до 25.12.2021», «2021-2022 учебный год» → the same text a year on (four-digit years 2000–2099)."""
    return re.sub(r"\b20\d\d\b", lambda m: str(int(m.group(0)) + years), text)


@transaction.atomic
def plan_copy(*, user, plan: EventPlan, years: int = 1) -> EventPlan:
    """A copy of ``plan`` for the next academic year: an unpublished draft with the same items, their
    deadlines and pinned dates a year on, the same responsibles and evidence kinds, and nothing executed
    (no lines, evidence or reminders are copied, so every status starts afresh)."""
    if not user.has_perm("events.add_eventplan"):
        raise PermissionDenied("Копировать план может только методист.")
    start_year = plan.academic_year.start_year + years
    year, _ = AcademicYear.objects.get_or_create(
        start_year=start_year,
        defaults={
            "start_date": datetime.date(start_year, 9, 1),
            "end_date": datetime.date(start_year + 1, 8, 31),
        },
    )
    existing = EventPlan.objects.for_user(user).filter(academic_year=year, municipality=plan.municipality).first()
    if existing is not None:
        raise ValidationError(
            f"План на {year} учебный год для муниципалитета «{plan.municipality}» уже есть: «{existing}». "
            "Измените его или удалите в администрировании, прежде чем копировать снова."
        )
    copy = EventPlan.objects.create(
        title=_shift_years(plan.title, years),
        academic_year=year,
        municipality=plan.municipality,
        appendix_number=plan.appendix_number,
        period_start=shift_date(plan.period_start, years),
        period_end=shift_date(plan.period_end, years),
        is_published=False,
    )
    items = plan.items.prefetch_related("responsibles", "evidence_kinds").order_by("position")
    for item in items:
        new = PlanItem(
            plan=copy,
            position=item.position,
            number=item.number,
            name=_shift_years(item.name, years),
            deadline_text=_shift_years(item.deadline_text, years),
            responsible_text=item.responsible_text,
            result=item.result,
            pinned_start=shift_date(item.pinned_start, years),
            pinned_end=shift_date(item.pinned_end, years),
        )
        new.save()
        new.evidence_kinds.set(item.evidence_kinds.all())
        for responsible in item.responsibles.all():
            PlanItemResponsible.objects.create(
                item=new,
                position=responsible.position,
                organisation_id=responsible.organisation_id,
                all_participants=responsible.all_participants,
            )
    return copy


@transaction.atomic
def plan_publish(*, user, plan: EventPlan, publish: bool = True) -> EventPlan:
    """«Опубликовать план» / «Снять с публикации» (methodists): the plan appears on /plan/ or leaves it.

    One published plan per academic year and municipality: /plan/ lists plans by their academic year, and two
    «2026-2027» plans side by side would leave a school guessing which one holds. A second one is refused with
    the name of the published plan (unpublish it first) rather than swapped silently. The plan of an order's
    duties (``appendix_number`` 0) is never published: its tasks reach the addressees in «Мои задачи»."""
    if not user.has_perm("events.change_eventplan", plan):
        raise PermissionDenied("Публиковать план и снимать его с публикации может только методист.")
    lock_row(EventPlan, plan.pk)
    plan = EventPlan.objects.for_user(user, CHANGE).select_related("academic_year", "municipality").get(pk=plan.pk)
    if publish:
        if plan.is_published:
            raise ValidationError(f"«{plan}» уже опубликован.")
        if not plan.appendix_number:
            raise ValidationError(
                "Это поручения по приказу, а не план мероприятий: они не публикуются на странице плана, "
                "адресаты видят их в «Мои задачи»."
            )
        if not plan.items.exists():
            raise ValidationError("В плане нет ни одного мероприятия: публиковать нечего.")
        other = (
            EventPlan.objects.for_user(user)
            .filter(
                is_published=True, academic_year=plan.academic_year, municipality=plan.municipality
            )
            .exclude(pk=plan.pk)
            .first()
        )
        if other is not None:
            raise ValidationError(
                f"На {plan.academic_year} учебный год для муниципалитета «{plan.municipality}» уже опубликован "
                f"«{other}». Снимите его с публикации, прежде чем публиковать этот план."
            )
    elif not plan.is_published:
        raise ValidationError(f"«{plan}» и так не опубликован.")
    plan.is_published = publish
    plan._change_reason = "Опубликован на странице плана" if publish else "Снят с публикации"
    plan._history_user = user
    plan.save(update_fields=["is_published"])
    return plan
