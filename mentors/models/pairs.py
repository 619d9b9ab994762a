"""Mentoring pairs and groups: one mentor from the bank, one or more mentees, and the rules they keep."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import ScopedQuerySet

from .meetings import FeedbackSurvey, Meeting

#: Who the mentee of a form of mentoring is (MentoringForm.mentee_role) → the kind of mentee (Mentee.kind):
#: a teacher mentee is a young specialist; a pupil or a college student is an «обучающийся».
MENTEE_KIND_OF_ROLE = {"teacher": "young_specialist", "student": "student", "college_student": "student"}


MENTEE_KIND_PLURAL = {"young_specialist": "молодые специалисты (педагоги)", "student": "обучающиеся"}


def mentee_kind_of(form) -> str | None:
    return MENTEE_KIND_OF_ROLE.get(form.mentee_role)


class PairQuerySet(ScopedQuerySet):
    def current(self):
        return self.filter(status__in=Pair.OPEN_STATUSES)


class Pair(models.Model):
    """A mentoring pair or group: one mentor from the bank, one or more mentees."""

    class Status(models.TextChoices):
        PLANNED = "planned", "запланирована"
        ACTIVE = "active", "действует"
        COMPLETED = "completed", "завершена"
        TERMINATED = "terminated", "прекращена досрочно"

    OPEN_STATUSES = (Status.PLANNED, Status.ACTIVE)

    organisation = models.ForeignKey(
        "schools.Organisation",
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="pairs",
        help_text="Организация, в которой реализуется наставничество (организация наставляемых).",
    )
    year = models.ForeignKey(
        "schools.AcademicYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="pairs"
    )
    mentor = models.ForeignKey(
        "mentors.MentorBankEntry",
        verbose_name="наставник",
        on_delete=models.PROTECT,
        related_name="pairs",
        help_text="Наставник из банка наставников этого учебного года.",
    )
    mentees = models.ManyToManyField("mentors.Mentee", verbose_name="наставляемые", related_name="pairs")
    form = models.ForeignKey(
        "mentors.MentoringForm", verbose_name="форма наставничества", on_delete=models.PROTECT, related_name="pairs"
    )
    programme = models.ForeignKey(
        "mentors.Programme",
        verbose_name="программа",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairs",
    )
    start_date = models.DateField("начало")
    end_date = models.DateField("окончание")
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.PLANNED)
    termination_reason = models.TextField("причина прекращения", blank=True)
    is_network = models.BooleanField(
        "сетевая пара",
        default=False,
        help_text="Наставник и наставляемые из разных организаций; разрешает только методист.",
    )
    outcome = models.TextField("результат", blank=True)
    mentee_feedback = models.TextField("отзыв наставляемого", blank=True)
    # Derived from the pair's meetings and surveys (``refresh_activity``), never typed: the health board and
    # the dashboard summarise a whole year's pairs, which per-pair subqueries made slow at region scale.
    last_meeting = models.DateField("последняя встреча", null=True, blank=True, editable=False)
    has_month_survey = models.BooleanField("есть анкета через месяц", default=False, editable=False)
    has_end_survey = models.BooleanField("есть анкета по завершении", default=False, editable=False)

    ACTIVITY_FIELDS = ("last_meeting", "has_month_survey", "has_end_survey")

    objects = PairQuerySet.as_manager()
    # The derived fields stay out of the pair's history: the meeting or survey that changed them has its own.
    history = HistoricalRecords(m2m_fields=[mentees], excluded_fields=list(ACTIVITY_FIELDS))

    class Meta:
        verbose_name = "наставническая пара (группа)"
        verbose_name_plural = "наставнические пары и группы"
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="pair_ends_after_start",
                violation_error_message="Пара не может закончиться раньше, чем началась.",
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated") | ~Q(termination_reason=""),
                name="pair_termination_reason",
                violation_error_message="Укажите причину досрочного прекращения.",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["status", "end_date"]),
            models.Index(fields=["-start_date", "id"], name="pair_start_idx"),  # the list's order
            # Covers the health board's grouped query (mentors.health.board): no table reads.
            models.Index(
                fields=["year", "organisation", "status", "last_meeting", "start_date", "end_date",
                        "has_month_survey", "has_end_survey"],
                name="pair_health_idx",
            ),  # fmt: skip
            # The board's lists: a year's active pairs in the order of their last meeting.
            models.Index(fields=["year", "status", "last_meeting"], name="pair_activity_idx"),
        ]

    def __str__(self):
        return f"Пара № {self.pk or '—'}: {self.mentor.teacher if self.mentor_id else '?'}"

    def get_absolute_url(self):
        return reverse("mentors:pair_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @classmethod
    def refresh_activity(cls, pair_ids=None):
        """Recompute the derived fields from meetings and surveys, in one UPDATE (all pairs when ``None``).

        Called after every save or delete of a meeting or survey (signals in mentors.apps) and after bulk
        loads; ``update()`` writes no history (the derived fields are not a person's edit)."""
        pairs = cls.objects.unscoped(reason="derived fields recomputed after a meeting or survey was saved")
        pairs = pairs if pair_ids is None else pairs.filter(pk__in=list(pair_ids))
        last = Meeting.objects.filter(pair=OuterRef("pk")).order_by("-date").values("date")[:1]
        surveys = FeedbackSurvey.objects.filter(pair=OuterRef("pk"))
        return pairs.update(
            last_meeting=Subquery(last),
            has_month_survey=Exists(surveys.filter(point=FeedbackSurvey.Point.MONTH)),
            has_end_survey=Exists(surveys.filter(point=FeedbackSurvey.Point.END)),
        )

    def clean(self):
        mentees = getattr(self, "_pending_mentees", None)
        if mentees is None and self.pk:
            mentees = list(self.mentees.all())
        self.check_rules(mentees)

    def check_rules(self, mentees=None):
        """The rules of a pair; ``mentees`` are the mentees it will have (None: not known yet)."""
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "Пара не может закончиться раньше, чем началась."
        if self.status == self.Status.TERMINATED and not self.termination_reason:
            errors["termination_reason"] = "Укажите причину досрочного прекращения."
        mentor = self.mentor if self.mentor_id else None
        if mentor is not None:
            if self.year_id and mentor.year_id != self.year_id:
                errors["mentor"] = f"Наставник должен быть в банке наставников {self.year} учебного года."
            elif not mentor.is_included:
                errors["mentor"] = "Наставник не включён методистом в банк наставников."
            if self.form_id and mentor.pk and self.is_open:
                offered = {f.pk for f in mentor.forms.all()}
                if offered and self.form_id not in offered:
                    errors["form"] = "Наставник не предлагает эту форму наставничества."
        if mentees is not None:
            if not mentees:
                errors["mentees"] = "Выберите хотя бы одного наставляемого."
            else:
                if self.form_id:
                    self._check_kinds(mentees, errors)
                if mentor is not None and "mentees" not in errors:
                    self._check_mentees(mentor, mentees, errors)
        if errors:
            raise ValidationError(errors)

    def _check_kinds(self, mentees, errors):
        """The form of mentoring decides who the mentees are: «учитель – учитель» — young specialists only, the
        forms with a pupil or a student as mentee — students only (this feeds indicator М3)."""
        kind = mentee_kind_of(self.form)
        wrong = [m for m in mentees if m.kind != kind]
        if not wrong:
            return
        names = ", ".join(f"{m} ({m.get_kind_display()})" for m in wrong)
        who = MENTEE_KIND_PLURAL.get(kind)
        errors["mentees"] = (
            f"В форме «{self.form}» наставляемые — {who}; не подходят: {names}. "
            if who
            else f"Форма «{self.form}» не предусматривает наставляемых из реестра; не подходят: {names}. "
        ) + "Выберите другую форму наставничества или других наставляемых."

    def _check_mentees(self, mentor, mentees, errors):
        foreign = [m for m in mentees if m.organisation_id != mentor.organisation_id]
        if foreign and not self.is_network:
            errors["mentees"] = (
                "Наставляемые из другой организации, чем наставник: "
                + ", ".join(str(m) for m in foreign)
                + ". Такую сетевую пару может разрешить только методист."
            )
        other_org = [m for m in mentees if self.organisation_id and m.organisation_id != self.organisation_id]
        if other_org:
            errors["mentees"] = "Наставляемые должны быть из организации пары: " + ", ".join(
                str(m) for m in other_org
            )
        if not self.is_open:
            return
        # The mentor's load counts the pairs of every school (a network mentor works for several).
        others = Pair.objects.unscoped(reason="a mentor's load across schools").current().filter(mentor=mentor)
        others = others.exclude(pk=self.pk)
        load = Pair.mentees.through.objects.filter(pair__in=others).count()
        if load + len(mentees) > mentor.max_mentees:
            errors["mentor"] = (
                f"Нагрузка наставника превышена: уже {load} наставляемых в действующих парах, "
                f"добавляется {len(mentees)}, а наибольшее число — {mentor.max_mentees}."
            )
        if others.filter(mentees__in=mentees).exists():
            errors["mentees"] = "У этого наставника уже есть действующая пара с этим наставляемым."
