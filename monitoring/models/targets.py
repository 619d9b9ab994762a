"""Planned values of an indicator for a year: region, district or one organisation (Appendix 2)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import VIEW, ScopedQuerySet
from schools.models import Municipality


class TargetQuerySet(ScopedQuerySet):
    def scope_school(self, user, action: str):
        """Regional and district targets are reference data; an organisation's targets belong to it."""
        if action != VIEW:
            return self.none()
        return self.filter(Q(organisation__isnull=True) | Q(organisation__in=user.organisation_ids))


class Target(models.Model):
    class Level(models.TextChoices):
        REGION = "region", "Регион (региональный показатель)"
        DISTRICT = "district", "Муниципалитет (район)"
        ORGANISATION = "organisation", "Организация"

    indicator = models.ForeignKey(
        "monitoring.Indicator", verbose_name="показатель", on_delete=models.CASCADE, related_name="targets"
    )
    academic_year = models.ForeignKey(
        "schools.AcademicYear",
        verbose_name="учебный год",
        on_delete=models.PROTECT,
        related_name="monitoring_targets",
    )
    level = models.CharField("уровень", max_length=20, choices=Level.choices, default=Level.ORGANISATION)
    organisation = models.ForeignKey(
        "schools.Organisation",
        verbose_name="организация",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="monitoring_targets",
        help_text="Только для уровня «Организация».",
    )
    municipality = models.ForeignKey(
        "schools.Municipality",
        verbose_name="муниципалитет",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monitoring_targets",
        help_text="Только для уровня «Муниципалитет»; по умолчанию — Сальский район.",
    )
    value = models.DecimalField("целевое значение", max_digits=12, decimal_places=2)
    note = models.CharField("примечание", max_length=300, blank=True)

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "целевое значение показателя"
        verbose_name_plural = "целевые значения показателей"
        ordering = ["academic_year", "indicator__position", "level", "organisation__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "academic_year", "organisation"],
                condition=Q(organisation__isnull=False),
                name="unique_target_per_organisation",
                violation_error_message="Целевое значение показателя для организации на этот год уже задано.",
            ),
            models.UniqueConstraint(
                fields=["indicator", "academic_year"],
                condition=Q(level="region"),
                name="unique_target_per_region",
                violation_error_message="Региональное целевое значение показателя на этот год уже задано.",
            ),
            models.UniqueConstraint(
                fields=["indicator", "academic_year", "municipality"],
                condition=Q(level="district"),
                name="unique_target_per_municipality",
                violation_error_message="Целевое значение показателя для муниципалитета на этот год уже задано.",
            ),
            models.CheckConstraint(
                condition=(Q(level="organisation") & Q(organisation__isnull=False))
                | (~Q(level="organisation") & Q(organisation__isnull=True)),
                name="target_organisation_matches_level",
                violation_error_message="Организация указывается только для уровня «Организация».",
            ),
            models.CheckConstraint(
                condition=Q(level="district", municipality__isnull=False)
                | (~Q(level="district") & Q(municipality__isnull=True)),
                name="target_municipality_matches_level",
                violation_error_message="Муниципалитет указывается только для уровня «Муниципалитет».",
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "level"])]

    def __str__(self):
        whom = self.organisation or self.municipality or self.get_level_display()
        return f"{self.indicator.code} · {self.academic_year} · {whom}: {self.indicator.display(self.value)}"

    def save(self, *args, **kwargs):
        # A district target typed or imported without a municipality is the default municipality's.
        if self.level == self.Level.DISTRICT and self.municipality_id is None:
            self.municipality = Municipality.get_default()
        elif self.level != self.Level.DISTRICT:
            self.municipality = None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("monitoring:target_detail", args=[self.pk])

    def clean(self):
        if self.level == self.Level.ORGANISATION and not self.organisation_id:
            raise ValidationError(
                {"organisation": "Укажите организацию для целевого значения уровня «Организация»."}
            )
        if self.level != self.Level.ORGANISATION and self.organisation_id:
            raise ValidationError(
                {"organisation": "Для регионального и районного значения организация не указывается."}
            )
        if self.indicator_id and self.value is not None:
            message = self.indicator.check_value(self.value, what="Целевое значение")
            if message:
                raise ValidationError({"value": message})
