"""The event plan (Appendix 5 of Order 866): plan, items, responsibles, execution, evidence, reminders."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import VIEW, ScopedManager, ScopedQuerySet, is_signed_in
from salsk_mentoring.uploads import FileTypeValidator, PrivateUploadTo

from . import schedule as sched


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "не начато"
    IN_PROGRESS = "in_progress", "выполняется"
    DONE = "done", "выполнено"
    OVERDUE = "overdue", "просрочено"


class EventPlanQuerySet(ScopedQuerySet):
    def scope_school(self, user, action):
        """A plan not yet published is a draft: methodists and officials see it, schools do not."""
        return self.filter(is_published=True) if action == VIEW else self.none()

    def public_rows(self):
        return self.filter(is_published=True)


class EventPlan(models.Model):
    """A plan of events approved by an order (Appendix 5 of Order 866 and its later copies)."""

    title = models.TextField("наименование плана")
    order_number = models.CharField(
        "номер приказа", max_length=30, blank=True, help_text="Приказ, которым утверждён план, например: 866."
    )
    order_date = models.DateField("дата приказа", null=True, blank=True)
    order_point = models.CharField(
        "пункт приказа", max_length=20, blank=True, help_text="Пункт, утверждающий план, например: 1.5."
    )
    appendix_number = models.PositiveSmallIntegerField("номер приложения", default=5)
    academic_year = models.ForeignKey(
        "schools.AcademicYear",
        verbose_name="учебный год",
        on_delete=models.PROTECT,
        related_name="event_plans",
    )
    municipality = models.ForeignKey(
        "schools.Municipality",
        verbose_name="муниципалитет",
        on_delete=models.PROTECT,
        related_name="event_plans",
        help_text="«ОО» в плане — организации-участники ЦМН этого муниципалитета.",
    )
    period_start = models.DateField(
        "начало периода", help_text="С этой даты действует план (обычно — дата приказа)."
    )
    period_end = models.DateField(
        "окончание периода", help_text="«Весь период» и «в течение года» — до этой даты."
    )
    is_published = models.BooleanField(
        "опубликован", default=True, help_text="Виден без входа на странице /plan/."
    )

    objects = EventPlanQuerySet.as_manager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "план мероприятий"
        verbose_name_plural = "планы мероприятий"
        ordering = ["academic_year__start_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")), name="plan_period_order"
            ),
        ]

    def __str__(self):
        return f"План мероприятий {self.academic_year}" + (
            f" (приказ № {self.order_number})" if self.order_number else ""
        )

    def get_absolute_url(self):
        return reverse("events:public_plan") + f"?plan={self.pk}"

    @property
    def order_reference(self) -> str:
        if not self.order_number:
            return ""
        date = f" от {self.order_date:%d.%m.%Y}" if self.order_date else ""
        return f"приказ{date} № {self.order_number}"

    @property
    def document_name(self) -> str:
        """The printed plan's name (its file): «Приложение 5 — план мероприятий»; the plan of an order's duties
        (``appendix_number`` 0, made by orders.services) is the order's own points, no appendix."""
        if self.appendix_number:
            return f"Приложение {self.appendix_number} — план мероприятий"
        return f"Поручения по приказу № {self.order_number}" if self.order_number else self.title

    def clean(self):
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": "Период плана должен заканчиваться позже, чем начинается."})


class EvidenceKind(models.Model):
    """A kind of document named in the result column («Приказы управления образования», …)."""

    name = models.CharField("вид документа", max_length=200, unique=True)
    position = models.PositiveSmallIntegerField("порядок", default=0)

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "вид подтверждающего документа"
        verbose_name_plural = "виды подтверждающих документов"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class PlanItemQuerySet(ScopedQuerySet):
    def scope_school(self, user, action):
        """The items of published plans; of the plan of an order's duties (never published), the tasks of the
        user's organisations. A draft plan (a copy for the new year) reaches no school."""
        if action != VIEW:
            return self.none()
        return self.filter(
            Q(plan__is_published=True) | Q(plan__appendix_number=0, pk__in=self._responsible_ids(user.organisation_ids))
        )

    def public_rows(self):
        return self.filter(plan__is_published=True)

    def responsible(self, organisation):
        """A filter, not a scope: the items ``organisation`` answers for — named among the responsibles, or a
        participant of the plan's municipality where «ОО» is named (as :func:`events.execution.responsible_for`)."""
        return self.filter(pk__in=self._responsible_ids([organisation.pk]))

    @staticmethod
    def _responsible_ids(organisation_ids):
        from schools.models import Organisation

        responsibles = PlanItemResponsible.objects.unscoped(reason="subquery of a scoped item queryset")
        participants = Organisation.objects.unscoped(reason="subquery of a scoped item queryset").filter(
            pk__in=organisation_ids, is_participant=True
        )
        return responsibles.filter(
            Q(organisation_id__in=organisation_ids)
            | Q(all_participants=True, item__plan__municipality__in=participants.values("municipality"))
        ).values("item_id")


class PlanItem(models.Model):
    plan = models.ForeignKey(EventPlan, verbose_name="план", on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField("№ п/п")
    number = models.CharField(
        "номер как в приказе", max_length=10, blank=True, help_text="Как напечатано в приложении: «1.», «20»."
    )
    name = models.TextField("наименование мероприятия")
    deadline_text = models.CharField("срок исполнения (как в приказе)", max_length=300)
    responsible_text = models.CharField(
        "ответственный (как в приказе)",
        max_length=300,
        blank=True,
        help_text="Печатается в приложении; список ответственных организаций ведётся отдельно.",
    )
    result = models.TextField("результат")
    evidence_kinds = models.ManyToManyField(
        EvidenceKind, verbose_name="подтверждающие документы", blank=True, related_name="items"
    )
    # The parsed schedule: derived from deadline_text on save, never typed by hand.
    schedule_kind = models.CharField("вид срока", max_length=20, choices=sched.KIND_CHOICES, editable=False)
    schedule_start = models.DateField("начало (по сроку)", null=True, blank=True, editable=False)
    schedule_end = models.DateField("срок (по тексту)", null=True, blank=True, editable=False)
    schedule_checkpoints = models.JSONField("контрольные точки", default=list, blank=True, editable=False)
    schedule_external = models.CharField("по графику организации", max_length=300, blank=True, editable=False)
    schedule_error = models.CharField("почему срок не распознан", max_length=500, blank=True, editable=False)
    # Dates a methodist pins for «По плану …» and unrecognised texts.
    pinned_start = models.DateField("уточнённое начало", null=True, blank=True)
    pinned_end = models.DateField(
        "уточнённый срок",
        null=True,
        blank=True,
        help_text="Для сроков «по плану/графику …» и нераспознанных: дата, к которой мероприятие "
        "должно быть выполнено.",
    )

    objects = PlanItemQuerySet.as_manager()
    scope_field = None
    history = HistoricalRecords(m2m_fields=[evidence_kinds])

    class Meta:
        verbose_name = "пункт плана мероприятий"
        verbose_name_plural = "пункты плана мероприятий"
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="unique_plan_item_position"),
            models.CheckConstraint(
                condition=Q(pinned_start__isnull=True)
                | Q(pinned_end__isnull=True)
                | Q(pinned_end__gte=models.F("pinned_start")),
                name="plan_item_pinned_order",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.name}"

    def save(self, *args, **kwargs):
        self.reparse()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:planitem_detail", args=[self.pk])

    def clean(self):
        if self.pinned_start and self.pinned_end and self.pinned_end < self.pinned_start:
            raise ValidationError({"pinned_end": "Уточнённый срок не может быть раньше уточнённого начала."})

    def reparse(self):
        plan = self.plan
        try:
            parsed = sched.parse_deadline(
                self.deadline_text,
                start_year=plan.academic_year.start_year,
                period_start=plan.period_start,
                period_end=plan.period_end,
            )
            self.schedule_error = ""
        except sched.UnknownDeadline as exc:
            parsed = sched.Schedule(sched.UNKNOWN)
            self.schedule_error = str(exc)[:500]
        self.schedule_kind = parsed.kind
        self.schedule_start = parsed.start
        self.schedule_end = parsed.end
        self.schedule_checkpoints = [d.isoformat() for d in parsed.checkpoints]
        self.schedule_external = parsed.external

    # --- the effective schedule -------------------------------------------------------------
    @property
    def needs_pinning(self) -> bool:
        return self.schedule_kind in (sched.EXTERNAL, sched.UNKNOWN) and self.pinned_end is None

    @property
    def due(self) -> datetime.date | None:
        """The date by which the item must be done: pinned by a methodist, else parsed; None until pinned."""
        return self.pinned_end or self.schedule_end

    @property
    def start(self) -> datetime.date | None:
        return self.pinned_start or self.schedule_start or (self.pinned_end and self.plan.period_start)

    @property
    def checkpoints(self) -> list[datetime.date]:
        if self.pinned_end:
            return [self.pinned_end]
        return [datetime.date.fromisoformat(d) for d in self.schedule_checkpoints]

    def deadlines(self) -> list[datetime.date]:
        """Every date something is due: the checkpoints, or the single due date."""
        if self.checkpoints:
            return self.checkpoints
        return [self.due] if self.due else []

    def next_deadline(self, today) -> datetime.date | None:
        """The first due date from ``today`` on; the last one when all have passed."""
        dates = self.deadlines()
        upcoming = [d for d in dates if d >= today]
        return upcoming[0] if upcoming else (dates[-1] if dates else None)

    def effective_due(self, today=None) -> datetime.date | None:
        """Due date for overdue checks: the deadline; an unpinned external item is due when the plan ends."""
        return self.due or (self.plan.period_end if self.needs_pinning else None)

    def touches_month(self, year: int, month: int) -> bool:
        first = datetime.date(year, month, 1)
        last = sched.last_day(year, month)
        if any(first <= d <= last for d in self.checkpoints):
            return True
        if self.schedule_kind in (sched.DUE,) and not self.pinned_end:
            return first <= self.schedule_end <= last
        start, end = self.start, self.due
        return bool(start and end and start <= last and end >= first)

    @property
    def schedule_description(self) -> str:
        if self.pinned_end:
            start = f"{self.pinned_start:%d.%m.%Y} – " if self.pinned_start else "до "
            return f"{start}{self.pinned_end:%d.%m.%Y} (уточнено)"
        if self.schedule_kind == sched.UNKNOWN:
            return "срок не распознан — нужно уточнить даты"
        parsed = sched.Schedule(
            self.schedule_kind,
            self.schedule_start,
            self.schedule_end,
            tuple(datetime.date.fromisoformat(d) for d in self.schedule_checkpoints),
            self.schedule_external,
        )
        text = sched.describe(parsed)
        if self.schedule_kind == sched.EXTERNAL:
            text += " — даты ещё не уточнены"
        return text

    @property
    def printed_number(self) -> str:
        """The item's number as printed in the plan or the order («3.1», «18»), without the closing dot of
        «18.»; the internal ``position`` only when no number was given."""
        return self.number.strip().rstrip(".") or str(self.position)

    @property
    def is_order_duty(self) -> bool:
        """A task made from a point of an order (orders.services): its plan is the order's, not an appendix."""
        return not self.plan.appendix_number

    @property
    def order_point(self) -> str:
        """«п. 5 приложения 5 к приказу от 15.11.2021 № 866»; «п. 3.3 приказа от …» for the plan of an order's
        duties (``appendix_number`` 0, made by orders.services)."""
        plan = self.plan
        if self.is_order_duty and plan.order_reference:
            return f"п. {self.printed_number} {plan.order_reference.replace('приказ', 'приказа', 1)}"
        ref = f" к {plan.order_reference.replace('приказ', 'приказу', 1)}" if plan.order_reference else ""
        return f"п. {self.printed_number} приложения {plan.appendix_number}{ref}"


class PlanItemResponsible(models.Model):
    """One responsible of an item, in the appendix order; «ОО» is every participating school."""

    item = models.ForeignKey(
        PlanItem, verbose_name="пункт плана", on_delete=models.CASCADE, related_name="responsibles"
    )
    position = models.PositiveSmallIntegerField("порядок", default=0)
    organisation = models.ForeignKey(
        "schools.Organisation",
        verbose_name="организация",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_responsibilities",
    )
    all_participants = models.BooleanField(
        "все ОО — участники ЦМН",
        default=False,
        help_text="«ОО» в приказе: каждая ОО — участник ЦМН отчитывается отдельно.",
    )

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ответственный за пункт плана"
        verbose_name_plural = "ответственные за пункты плана"
        ordering = ["item", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(all_participants=False))
                | (Q(organisation__isnull=True) & Q(all_participants=True)),
                name="responsible_org_xor_all",
                violation_error_message="Укажите либо организацию, либо «все ОО», но не то и другое вместе.",
            ),
            models.UniqueConstraint(fields=["item", "organisation"], name="unique_item_responsible"),
        ]

    def __str__(self):
        return "ОО" if self.all_participants else str(self.organisation)


class Assignment(models.Model):
    """The execution line of one responsible organisation for one item (created when it first reports).

    ``state`` is the line's workflow state (events/workflows.py: assigned → in progress → done, a methodist
    may return a done line for rework); the status shown (overdue, …) is computed from it and the dates
    (see :mod:`events.execution`).
    """

    class State(models.TextChoices):
        ASSIGNED = "assigned", "назначено"
        IN_PROGRESS = "in_progress", "в работе"
        DONE = "done", "выполнено"
        RETURNED = "returned", "возвращено на доработку"

    item = models.ForeignKey(
        PlanItem, verbose_name="пункт плана", on_delete=models.CASCADE, related_name="assignments"
    )
    organisation = models.ForeignKey(
        "schools.Organisation",
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="plan_assignments",
    )
    state = models.CharField("состояние", max_length=16, choices=State.choices, default=State.ASSIGNED)
    started_at = models.DateField("начато", null=True, blank=True)
    completed_at = models.DateField("выполнено", null=True, blank=True)
    comment = models.TextField("комментарий", blank=True)
    remarks = models.TextField("замечания методиста", blank=True)

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "исполнение пункта плана"
        verbose_name_plural = "исполнение пунктов плана"
        ordering = ["item", "organisation__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "organisation"], name="unique_assignment"),
            # «выполнено» and its date go together: one truth for the status, the reports and the inbox.
            models.CheckConstraint(
                condition=(Q(state="done") & Q(completed_at__isnull=False))
                | (~Q(state="done") & Q(completed_at__isnull=True)),
                name="assignment_done_has_date",
                violation_error_message="Выполненная строка плана имеет дату выполнения, невыполненная — нет.",
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: п. {self.item.position}"

    def get_absolute_url(self):
        return reverse("events:line", args=[self.item_id, self.organisation_id])


def evidence_path(instance, filename):
    """The old, guessable layout; only migration 0001 names it (new files: ``PrivateUploadTo``)."""
    return f"plan/{instance.assignment.item.plan_id}/{instance.assignment.organisation_id}/{filename}"


class Evidence(models.Model):
    """A proof of execution: an uploaded document, a link or a text report."""

    assignment = models.ForeignKey(
        Assignment, verbose_name="исполнение", on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.ForeignKey(
        EvidenceKind,
        verbose_name="вид документа",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    title = models.CharField("название", max_length=300)
    file = models.FileField(
        "файл",
        upload_to=PrivateUploadTo("plan/evidence"),
        blank=True,
        validators=[FileTypeValidator()],
        help_text="PDF, DOCX, XLSX, JPEG или PNG.",
    )
    url = models.URLField("ссылка", blank=True, help_text="Например, публикация на сайте ОО.")
    text = models.TextField("текстовый отчёт", blank=True)
    created_at = models.DateTimeField("добавлено", default=timezone.now)
    created_by = models.ForeignKey(
        "schools.User",
        verbose_name="добавил",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager()
    scope_field = "assignment__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "подтверждение исполнения"
        verbose_name_plural = "подтверждения исполнения"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def clean(self):
        if not (self.file or self.url or self.text.strip()):
            raise ValidationError("Приложите файл, укажите ссылку или напишите текстовый отчёт.")


class CalendarFeedQuerySet(ScopedQuerySet):
    def scope(self, user, action):
        """A feed is its owner's: nobody else reads or rotates it, whatever their role."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(membership__user=user)

    def by_token(self, token):
        """The live feed behind a secret address (a calendar app cannot sign in): its owner is active."""
        return (
            self.unscoped(reason="a calendar app reads its feed by the secret address")
            .filter(token=token, membership__user__is_active=True)
            .select_related("membership__organisation", "membership__user")
            .first()
        )


class CalendarFeed(models.Model):
    """The secret address of the calendar (.ics) of one member's tasks for their organisation.

    Calendar apps cannot sign in, so the address reads with its owner's scope. It belongs to the membership:
    removing the person from the organisation deletes it (a new membership gets a new address), deactivating
    the person silences it.
    """

    membership = models.OneToOneField(
        "schools.Membership", verbose_name="членство", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField("секретный ключ", max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField("создан", default=timezone.now)

    objects = CalendarFeedQuerySet.as_manager()
    scope_field = "membership__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "календарь участника организации"
        verbose_name_plural = "календари участников организаций"

    def __str__(self):
        return f"Календарь: {self.membership}"

    @property
    def organisation(self):
        return self.membership.organisation

    @property
    def user(self):
        return self.membership.user


class ReminderLog(models.Model):
    """A reminder sent about one item to one responsible organisation: once per item and stage."""

    class Stage(models.TextChoices):
        UPCOMING = "upcoming", "срок через 7 дней"
        OVERDUE = "overdue", "просрочено"

    item = models.ForeignKey(
        PlanItem, verbose_name="пункт плана", on_delete=models.CASCADE, related_name="reminders"
    )
    organisation = models.ForeignKey(
        "schools.Organisation",
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="plan_reminders",
    )
    stage = models.CharField("этап", max_length=20, choices=Stage.choices)
    due = models.DateField("срок")
    recipients = models.TextField("получатели")
    sent_at = models.DateTimeField("отправлено", default=timezone.now)

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "отправленное напоминание"
        verbose_name_plural = "отправленные напоминания"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organisation", "stage", "due"], name="unique_reminder_stage"
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.organisation}, п. {self.item.position}"
