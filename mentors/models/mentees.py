"""Mentees: young specialists (teachers) and students, with only what the programme needs."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import ScopedQuerySet

from .pairs import Pair
from .teachers import YOUNG_SPECIALIST_MAX_YEARS


class MenteeQuerySet(ScopedQuerySet):
    def with_current_mentor(self):
        mentor = (
            Pair.mentees.through.objects.filter(mentee=OuterRef("pk"), pair__status__in=Pair.OPEN_STATUSES)
            .order_by("-pair__start_date")
            .values("pair__mentor__teacher__last_name")[:1]
        )
        return self.annotate(current_mentor=Subquery(mentor))


class Mentee(models.Model):
    """A mentee: a young specialist (a teacher) or a student, with only what the programme needs."""

    class Kind(models.TextChoices):
        YOUNG_SPECIALIST = "young_specialist", "молодой специалист"
        STUDENT = "student", "обучающийся"

    kind = models.CharField("кто", max_length=20, choices=Kind.choices, default=Kind.YOUNG_SPECIALIST)
    teacher = models.ForeignKey(
        "mentors.Teacher",
        verbose_name="педагог",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentee_records",
    )
    name_or_code = models.CharField(
        "имя или код обучающегося",
        max_length=100,
        blank=True,
        help_text="Только имя или условный код — без фамилии, дат рождения и иных данных.",
    )
    grade = models.CharField("класс (группа)", max_length=20, blank=True, help_text="Например: 7Б.")
    organisation = models.ForeignKey(
        "schools.Organisation", verbose_name="организация", on_delete=models.PROTECT, related_name="mentees"
    )
    is_active = models.BooleanField("участвует", default=True)

    objects = MenteeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "наставляемый"
        verbose_name_plural = "наставляемые"
        ordering = ["kind", "name_or_code", "teacher__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher"],
                condition=Q(teacher__isnull=False),
                name="unique_mentee_teacher",
                violation_error_message="Этот педагог уже есть среди наставляемых.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="young_specialist", teacher__isnull=False, name_or_code="", grade="")
                    | Q(kind="student", teacher__isnull=True) & ~Q(name_or_code="")
                ),
                name="mentee_kind_fields",
                violation_error_message=(
                    "Для молодого специалиста укажите педагога, для обучающегося — имя или код."
                ),
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.YOUNG_SPECIALIST and self.teacher_id:
            return str(self.teacher)
        return f"{self.name_or_code}, {self.grade}" if self.grade else self.name_or_code

    def get_absolute_url(self):
        return reverse("mentors:mentee_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.kind == self.Kind.YOUNG_SPECIALIST:
            if not self.teacher_id:
                errors["teacher"] = "Выберите педагога — молодого специалиста."
            else:
                if self.organisation_id and self.teacher.organisation_id != self.organisation_id:
                    errors["teacher"] = "Педагог работает в другой организации."
                if not self.teacher.is_young_specialist:
                    errors["teacher"] = (
                        f"Педагогический стаж {self.teacher.teaching_experience} лет: молодой специалист — "
                        f"стаж от 0 до {YOUNG_SPECIALIST_MAX_YEARS} лет."
                    )
            if self.name_or_code or self.grade:
                errors["name_or_code"] = "Для молодого специалиста имя, код и класс не заполняются."
        else:
            if self.teacher_id:
                errors["teacher"] = "У обучающегося не бывает записи педагога."
            if not self.name_or_code:
                errors["name_or_code"] = "Укажите имя или условный код обучающегося."
        if errors:
            raise ValidationError(errors)
