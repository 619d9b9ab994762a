"""Monitoring of the target model of mentoring (Order 866, appendices 1 and 2; plan items 18 and 19).

* :class:`Indicator` — an efficiency indicator (federal, Р-145, or the district's own): unit, formula,
  direction, valid range, computed from the registries or reported by the school.
* :class:`Target` — a planned value of an indicator for an academic year: for the region (the regional
  value Appendix 1 compares with), the district, or one organisation (Appendix 2).
* :class:`Campaign` — a monitoring round (e.g. December 2021, May 2022) with its indicators and organisations.
* :class:`Submission` / :class:`SubmissionValue` — one organisation's answer to a campaign.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import VIEW, ScopedManager, ScopedQuerySet

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
            from .computations import COMPUTATIONS

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


class TargetQuerySet(ScopedQuerySet):
    def for_user(self, user, action: str = VIEW):
        """Regional and district targets are reference data; an organisation's targets belong to it."""
        if (
            user is not None
            and getattr(user, "is_authenticated", False)
            and user.is_active
            and user.is_school
        ):
            if action != VIEW:
                return self.none()
            return self.filter(Q(organisation__isnull=True) | Q(organisation__in=user.organisation_ids))
        return super().for_user(user, action)


class Target(models.Model):
    class Level(models.TextChoices):
        REGION = "region", "Регион (региональный показатель)"
        DISTRICT = "district", "Муниципалитет (район)"
        ORGANISATION = "organisation", "Организация"

    indicator = models.ForeignKey(
        Indicator, verbose_name="показатель", on_delete=models.CASCADE, related_name="targets"
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
            from schools.models import Municipality

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


class CampaignQuerySet(ScopedQuerySet):
    def for_user(self, user, action: str = VIEW):
        """A school sees the opened campaigns it takes part in; only methodists change campaigns."""
        if (
            user is not None
            and getattr(user, "is_authenticated", False)
            and user.is_active
            and user.is_school
        ):
            if action != VIEW or not user.organisation_ids:
                return self.none()
            return self.exclude(status=Campaign.Status.DRAFT).filter(
                pk__in=Campaign.organisations.through.objects.filter(
                    organisation_id__in=user.organisation_ids
                ).values("campaign_id")
            )
        return super().for_user(user, action)


class Campaign(models.Model):
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
    indicators = models.ManyToManyField(Indicator, verbose_name="показатели", related_name="campaigns")
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

    objects = CampaignQuerySet.as_manager()
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
        return reverse("monitoring:campaign_detail", args=[self.pk])

    def clean(self):
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError({"deadline": "Срок представления не может быть раньше начала сбора."})

    @property
    def is_overdue(self):
        return self.status == self.Status.OPEN and timezone.localdate() > self.deadline


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "заполняется"
        SUBMITTED = "submitted", "отправлено"
        RETURNED = "returned", "возвращено на доработку"
        ACCEPTED = "accepted", "принято"

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    campaign = models.ForeignKey(
        Campaign, verbose_name="мониторинг", on_delete=models.CASCADE, related_name="submissions"
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
        Indicator, verbose_name="показатель", on_delete=models.PROTECT, related_name="values"
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
