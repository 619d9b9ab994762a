"""Monitoring campaigns: a round (e.g. December 2021) with its indicators and organisations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import VIEW, ScopedQuerySet


class MonitoringCampaignQuerySet(ScopedQuerySet):
    def scope_school(self, user, action: str):
        """A school sees the opened campaigns it takes part in; only methodists change campaigns."""
        if action != VIEW or not user.organisation_ids:
            return self.none()
        return self.exclude(status=MonitoringCampaign.Status.DRAFT).filter(
            pk__in=MonitoringCampaign.organisations.through.objects.filter(
                organisation_id__in=user.organisation_ids
            ).values("monitoringcampaign_id")
        )


class MonitoringCampaign(models.Model):
    class Kind(models.TextChoices):
        INTERIM = "interim", "промежуточный"
        FINAL = "final", "итоговый за учебный год"

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        OPEN = "open", "идёт сбор"
        CLOSED = "closed", "завершён"

    name = models.CharField(
        "наименование",
        max_length=200,
        help_text="Например: «Мониторинг реализации программ наставничества, декабрь 2021».",
    )
    academic_year = models.ForeignKey(
        "schools.AcademicYear",
        verbose_name="учебный год",
        on_delete=models.PROTECT,
        related_name="monitoring_campaigns",
    )
    period = models.CharField(
        "период", max_length=60, help_text="Как в плане мероприятий: «Декабрь 2021», «май 2022»."
    )
    kind = models.CharField(
        "вид мониторинга",
        max_length=20,
        choices=Kind.choices,
        default=Kind.INTERIM,
        help_text="Итоговый мониторинг даёт достигнутые значения года (приложение 1).",
    )
    status = models.CharField(
        "состояние", max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    opens_on = models.DateField("начало сбора")
    deadline = models.DateField("срок представления")
    plan_item = models.CharField(
        "пункт плана мероприятий",
        max_length=200,
        blank=True,
        default="п. 18 «Мониторинг процесса реализации программ наставничества»",
    )
    description = models.TextField("задание для организаций", blank=True)
    conclusions = models.TextField(
        "выводы и рекомендации",
        blank=True,
        help_text="Текст аналитической справки (п. 18 плана): выводы методиста.",
    )
    indicators = models.ManyToManyField("monitoring.Indicator", verbose_name="показатели", related_name="campaigns")
    organisations = models.ManyToManyField(
        "schools.Organisation", verbose_name="организации", related_name="monitoring_campaigns"
    )
    opened_at = models.DateTimeField("открыт", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="создал",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = MonitoringCampaignQuerySet.as_manager()
    # Without m2m history: the shared history panel would list raw ids and query per record; the
    # composition of a campaign is fixed once it is opened (the form disables it).
    history = HistoricalRecords()

    class Meta:
        verbose_name = "мониторинг (кампания)"
        verbose_name_plural = "мониторинги"
        ordering = ["-opens_on", "-pk"]
        permissions = [("open_campaign", "Открывать и закрывать мониторинг")]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")),
                name="campaign_deadline_after_start",
                violation_error_message="Срок представления не может быть раньше начала сбора.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("monitoring:monitoringcampaign_detail", args=[self.pk])

    def clean(self):
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError({"deadline": "Срок представления не может быть раньше начала сбора."})

    @property
    def is_overdue(self):
        return self.status == self.Status.OPEN and timezone.localdate() > self.deadline
