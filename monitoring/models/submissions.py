"""One organisation's answer to a campaign, value by value."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import ScopedManager

from .indicators import HUNDRED, fmt_number


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "заполняется"
        SUBMITTED = "submitted", "отправлено"
        RETURNED = "returned", "возвращено на доработку"
        ACCEPTED = "accepted", "принято"

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    campaign = models.ForeignKey(
        "monitoring.MonitoringCampaign", verbose_name="мониторинг", on_delete=models.CASCADE, related_name="submissions"
    )
    organisation = models.ForeignKey(
        "schools.Organisation",
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="monitoring_submissions",
    )
    status = models.CharField("состояние", max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("отправлено", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="отправил",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("рассмотрено", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="рассмотрел",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_comment = models.TextField("замечания методиста", blank=True)
    comment = models.TextField("комментарий организации", blank=True)

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "отчёт организации по мониторингу"
        verbose_name_plural = "отчёты организаций по мониторингу"
        ordering = ["campaign", "organisation__short_name"]
        permissions = [("review_submission", "Принимать и возвращать отчёты по мониторингу")]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"],
                name="unique_submission",
                violation_error_message="Организация уже участвует в этом мониторинге.",
            )
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return f"{self.organisation} — {self.campaign}"

    def get_absolute_url(self):
        return reverse("monitoring:submission_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def is_late(self):
        """Sent after the deadline, or not sent while the deadline has passed."""
        deadline = self.campaign.deadline
        if self.submitted_at is not None:
            return timezone.localtime(self.submitted_at).date() > deadline
        return timezone.localdate() > deadline


class SubmissionValue(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name="отчёт", on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        "monitoring.Indicator", verbose_name="показатель", on_delete=models.PROTECT, related_name="values"
    )
    numerator = models.DecimalField("числитель", max_digits=12, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField("знаменатель", max_digits=12, decimal_places=2, null=True, blank=True)
    value = models.DecimalField("значение", max_digits=12, decimal_places=2, null=True, blank=True)
    computed_numerator = models.DecimalField(
        "числитель по реестрам", max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    computed_denominator = models.DecimalField(
        "знаменатель по реестрам", max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    comment = models.CharField("пояснение", max_length=500, blank=True)

    objects = ScopedManager()
    scope_field = "submission__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "значение показателя"
        verbose_name_plural = "значения показателей"
        ordering = ["submission", "indicator__position"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator"], name="unique_submission_value"),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.indicator.display(self.value)}"

    def errors(self) -> list[str]:
        """Every reason the stored numbers are wrong, in Russian (empty when fine)."""
        ind = self.indicator
        problems = []
        if ind.is_ratio:
            for number, label in ((self.numerator, "Числитель"), (self.denominator, "Знаменатель")):
                if number is not None and number < 0:
                    problems.append(f"{label} показателя {ind.code} не может быть отрицательным.")
            if self.numerator is not None and self.denominator is not None:
                if self.denominator == 0 and self.numerator != 0:
                    problems.append(
                        f"Показатель {ind.code}: при нулевом знаменателе числитель тоже должен быть 0."
                    )
                elif self.numerator > self.denominator:
                    problems.append(
                        f"Показатель {ind.code}: числитель ({fmt_number(self.numerator)}) больше знаменателя "
                        f"({fmt_number(self.denominator)}) — доля получилась бы больше 100 %."
                    )
            if not problems:
                problems_value = ind.check_value(self.ratio_value())
                if problems_value:
                    problems.append(problems_value)
        else:
            message = ind.check_value(self.value)
            if message:
                problems.append(message)
        return problems

    def ratio_value(self):
        if self.numerator is None or self.denominator is None or self.denominator == 0:
            return None
        return (self.numerator / self.denominator * HUNDRED).quantize(Decimal("0.01"))

    def recalculate(self):
        if self.indicator.is_ratio:
            self.value = self.ratio_value()

    @property
    def is_filled(self):
        if self.indicator.is_ratio:
            return self.numerator is not None and self.denominator is not None
        return self.value is not None

    @property
    def differs_from_registry(self):
        if self.indicator.is_ratio:
            pairs = ((self.numerator, self.computed_numerator), (self.denominator, self.computed_denominator))
        else:
            pairs = ((self.value, self.computed_numerator),)
        return any(
            computed is not None and typed is not None and typed != computed for typed, computed in pairs
        )

    def clean(self):
        if self.indicator_id:
            self.recalculate()
            problems = self.errors()
            if problems:
                raise ValidationError(problems)
