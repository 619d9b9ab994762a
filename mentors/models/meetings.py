"""What a pair does: its meetings and the feedback surveys of its mentor and mentees."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import ScopedManager


class Meeting(models.Model):
    """A meeting of a pair: logged by the mentor or afterwards by the school coordinator."""

    class Format(models.TextChoices):
        INDIVIDUAL = "individual", "индивидуальная встреча"
        GROUP = "group", "групповое занятие"
        LESSON_VISIT = "lesson_visit", "посещение урока"
        CONSULTATION = "consultation", "консультация"
        ONLINE = "online", "дистанционно"

    class LoggedAs(models.TextChoices):
        MENTOR = "mentor", "наставник"
        COORDINATOR = "coordinator", "куратор ОО (после встречи)"

    pair = models.ForeignKey("mentors.Pair", verbose_name="пара", on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField("дата")
    hours = models.DecimalField(
        "часов",
        max_digits=4,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("12"))],
    )
    format = models.CharField("форма", max_length=20, choices=Format.choices, default=Format.INDIVIDUAL)
    topic = models.CharField("тема", max_length=300)
    logged_as = models.CharField("кто внёс", max_length=20, choices=LoggedAs.choices, default=LoggedAs.MENTOR)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="пользователь",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager()
    scope_field = "pair__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "встреча пары"
        verbose_name_plural = "встречи пар"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["pair", "date"])]

    def __str__(self):
        return f"{self.date:%d.%m.%Y}: {self.topic}"

    def get_absolute_url(self):
        return self.pair.get_absolute_url()

    def clean(self):
        if self.pair_id and self.date:
            if self.date < self.pair.start_date:
                raise ValidationError({"date": "Встреча не может быть раньше начала работы пары."})
            if self.date > date.today():
                raise ValidationError({"date": "Нельзя внести встречу, которая ещё не состоялась."})


class FeedbackSurvey(models.Model):
    """A short survey of the mentor or a mentee at a set point (after a month, at the end)."""

    class Respondent(models.TextChoices):
        MENTOR = "mentor", "наставник"
        MENTEE = "mentee", "наставляемый"

    class Point(models.TextChoices):
        MONTH = "month", "через месяц"
        END = "end", "по завершении"

    SCORES = [(i, str(i)) for i in range(1, 6)]

    pair = models.ForeignKey("mentors.Pair", verbose_name="пара", on_delete=models.CASCADE, related_name="surveys")
    respondent = models.CharField("кто отвечает", max_length=10, choices=Respondent.choices)
    point = models.CharField("когда", max_length=10, choices=Point.choices)
    answered_on = models.DateField("дата ответа", default=date.today)
    satisfaction = models.PositiveSmallIntegerField("удовлетворённость работой пары (1–5)", choices=SCORES)
    usefulness = models.PositiveSmallIntegerField("польза для профессионального роста (1–5)", choices=SCORES)
    comment = models.CharField("комментарий", max_length=500, blank=True)

    objects = ScopedManager()
    scope_field = "pair__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "анкета обратной связи"
        verbose_name_plural = "анкеты обратной связи"
        ordering = ["-answered_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "respondent", "point"],
                name="unique_survey_point",
                violation_error_message="Эта анкета для пары уже заполнена.",
            )
        ]

    def __str__(self):
        return f"Анкета: {self.get_respondent_display()}, {self.get_point_display()}"

    def get_absolute_url(self):
        return self.pair.get_absolute_url()
