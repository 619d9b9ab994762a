"""Efficiency indicators (federal, Р-145, or the district's own) and how their values are written."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import ScopedManager

from ..computations import COMPUTATIONS

HUNDRED = Decimal(100)


def fmt_number(value, unit=""):
    """«72,5 %», «14 чел.», «—» for no value: Russian decimal comma, no trailing zero."""
    if value is None:
        return "—"
    text = f"{Decimal(value).quantize(Decimal('0.1')):f}"
    if text.endswith(".0"):
        text = text[:-2]
    text = text.replace(".", ",").replace("-", "−")
    return f"{text} {unit}".strip()


class Indicator(models.Model):
    class Group(models.TextChoices):
        STUDENTS = "students", "Обучающиеся"
        TEACHERS = "teachers", "Педагоги"
        PARTNERS = "partners", "Организации и партнёры"
        QUALITY = "quality", "Удовлетворённость участников"

    class Origin(models.TextChoices):
        FEDERAL = "federal", "Целевая модель (распоряжение Минпросвещения России от 25.12.2019 № Р-145)"
        DISTRICT = "district", "Показатель Сальского района"

    class Unit(models.TextChoices):
        PERCENT = "percent", "%"
        PEOPLE = "people", "чел."
        UNITS = "units", "ед."

    class Source(models.TextChoices):
        COMPUTED = "computed", "вычисляется по реестрам портала"
        REPORTED = "reported", "сообщает организация"

    code = models.CharField(
        "код", max_length=10, unique=True, help_text="Например: Ф4 (целевая модель), М1 (район)."
    )
    position = models.PositiveSmallIntegerField("порядок", default=0)
    name = models.TextField("наименование показателя")
    short_name = models.CharField(
        "краткое наименование", max_length=80, help_text="Для диаграмм и заголовков столбцов."
    )
    group = models.CharField("группа", max_length=20, choices=Group.choices, default=Group.TEACHERS)
    origin = models.CharField(
        "источник показателя", max_length=20, choices=Origin.choices, default=Origin.DISTRICT
    )
    unit = models.CharField("единица измерения", max_length=20, choices=Unit.choices, default=Unit.PERCENT)
    numerator_label = models.CharField(
        "числитель",
        max_length=300,
        blank=True,
        help_text="Что считаем (для доли — например, «молодые специалисты — наставляемые»).",
    )
    denominator_label = models.CharField(
        "знаменатель",
        max_length=300,
        blank=True,
        help_text="Заполняется только у доли: от чего считаем. Пусто — показатель вводится одним числом.",
    )
    higher_is_better = models.BooleanField("чем больше, тем лучше", default=True)
    min_value = models.DecimalField(
        "наименьшее допустимое значение", max_digits=12, decimal_places=2, default=0
    )
    max_value = models.DecimalField(
        "наибольшее допустимое значение",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Для процентов — 100. Пусто — без верхней границы.",
    )
    source = models.CharField(
        "как получается значение", max_length=20, choices=Source.choices, default=Source.REPORTED
    )
    computation = models.CharField(
        "правило вычисления",
        max_length=60,
        blank=True,
        help_text="Для вычисляемых показателей: функция расчёта по реестрам (monitoring/computations.py).",
    )
    description = models.TextField("методика, примечание", blank=True)
    is_active = models.BooleanField("используется", default=True)

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "показатель эффективности"
        verbose_name_plural = "показатели эффективности"
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_value__isnull=True) | Q(max_value__gte=models.F("min_value")),
                name="indicator_range_ordered",
                violation_error_message="Наибольшее допустимое значение меньше наименьшего.",
            ),
            models.CheckConstraint(
                condition=~Q(source="computed") | ~Q(computation=""),
                name="computed_indicator_has_rule",
                violation_error_message="Для вычисляемого показателя выберите правило вычисления.",
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.short_name}"

    def get_absolute_url(self):
        return reverse("monitoring:indicator_detail", args=[self.pk])

    @property
    def is_ratio(self) -> bool:
        """A share: the value is numerator / denominator × 100."""
        return bool(self.denominator_label)

    @property
    def is_computed(self) -> bool:
        return self.source == self.Source.COMPUTED

    @property
    def unit_label(self) -> str:
        # A dictionary lookup: get_unit_display() rebuilds its choices map on every call (three per report row).
        return UNIT_LABELS.get(self.unit, self.unit)

    @property
    def aggregation(self) -> str:
        """How school values add up: shares by their counts, numbers summed, levels averaged."""
        if self.is_ratio:
            return "ratio"
        return "mean" if self.unit == self.Unit.PERCENT else "sum"

    @property
    def formula(self) -> str:
        if self.is_ratio:
            return f"{self.numerator_label} / {self.denominator_label} × 100 %"
        return self.numerator_label or self.name

    def clean(self):
        errors = {}
        if self.source == self.Source.COMPUTED:
            if self.computation not in COMPUTATIONS:
                errors["computation"] = "Для вычисляемого показателя выберите правило вычисления из списка."
        if self.max_value is not None and self.min_value is not None and self.max_value < self.min_value:
            errors["max_value"] = "Наибольшее допустимое значение меньше наименьшего."
        if self.unit == self.Unit.PERCENT and self.max_value is not None and self.max_value > HUNDRED:
            errors["max_value"] = "Доля не может превышать 100 %."
        if errors:
            raise ValidationError(errors)

    def range_text(self) -> str:
        low = fmt_number(self.min_value)
        if self.max_value is None:
            return f"не меньше {low}"
        return f"от {low} до {fmt_number(self.max_value)}"

    def check_value(self, value, *, what="Значение"):
        """Russian message when ``value`` is outside the indicator's range, else ''."""
        if value is None:
            return ""
        if value < self.min_value:
            limit = fmt_number(self.min_value, self.unit_label)
            return f"{what} показателя {self.code} не может быть меньше {limit}."
        if self.max_value is not None and value > self.max_value:
            limit = fmt_number(self.max_value, self.unit_label)
            return f"{what} показателя {self.code} не может быть больше {limit}."
        return ""

    def display(self, value) -> str:
        return fmt_number(value, self.unit_label)

    def deviation(self, achieved, target):
        """Achieved minus target, signed so that positive is always «better than planned»."""
        if achieved is None or target is None:
            return None
        diff = Decimal(achieved) - Decimal(target)
        return diff if self.higher_is_better else -diff


UNIT_LABELS = dict(Indicator.Unit.choices)
