"""The municipal mentor bank (Appendix 7) and each mentor's consent to publication (152-ФЗ)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import ScopedManager, ScopedQuerySet
from salsk_mentoring.uploads import IMAGES, FileTypeValidator, PrivateUploadTo

from .pairs import Pair

PHOTO_MAX_MB = 5


def validate_photo(upload):
    """A mentor's photo: JPEG or PNG by content, at most PHOTO_MAX_MB."""
    FileTypeValidator(IMAGES, max_mb=PHOTO_MAX_MB)(upload)


class MentorBankQuerySet(ScopedQuerySet):
    def with_load(self):
        """``load``: mentees in this mentor's planned and active pairs (one subquery, no N+1)."""
        load = (
            Pair.mentees.through.objects.filter(
                pair__mentor=OuterRef("pk"), pair__status__in=Pair.OPEN_STATUSES
            )
            .order_by()
            .values("pair__mentor")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(load=Coalesce(Subquery(load), 0))

    def with_public_consent(self, day=None):
        """``public_consent_id``: the newest consent in force on ``day`` (None: the card is not public)."""
        day = day or date.today()
        consent = (
            PublicationConsent.objects.filter(
                entry=OuterRef("pk"), withdrawn_on__isnull=True, given_on__lte=day, valid_until__gte=day
            )
            .order_by("-given_on", "-pk")
            .values("pk")[:1]
        )
        return self.annotate(public_consent_id=Subquery(consent))

    def public_rows(self, day=None):
        """Entries shown in the public bank: included by a methodist and with a consent in force (read them
        through ``.public(day=…)``, which marks the read as the public one)."""
        return (
            self.filter(status=MentorBankEntry.Status.INCLUDED)
            .with_public_consent(day)
            .filter(public_consent_id__isnull=False)
        )


class MentorBankEntry(models.Model):
    """A teacher in the municipal mentor bank for one academic year."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "предложен школой"
        INCLUDED = "included", "включён в банк"
        EXCLUDED = "excluded", "исключён"

    teacher = models.ForeignKey(
        "mentors.Teacher", verbose_name="педагог", on_delete=models.PROTECT, related_name="bank_entries"
    )
    organisation = models.ForeignKey(
        "schools.Organisation",
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="bank_entries",
        help_text="Организация педагога; заполняется по педагогу.",
    )
    year = models.ForeignKey(
        "schools.AcademicYear",
        verbose_name="учебный год",
        on_delete=models.PROTECT,
        related_name="bank_entries",
    )
    competencies = models.TextField(
        "компетенции и направления сопровождения",
        help_text=(
            "Например: адаптация молодого педагога, методика урока, классное руководство, подготовка к ГИА."
        ),
    )
    forms = models.ManyToManyField(
        "mentors.MentoringForm", verbose_name="формы наставничества", related_name="bank_entries", blank=True
    )
    max_mentees = models.PositiveSmallIntegerField(
        "наибольшее число наставляемых", default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    achievements = models.TextField("достижения", blank=True)
    card_text = models.TextField(
        "инфокарта: о наставнике",
        blank=True,
        help_text="Текст инфокарты для банка наставников: опыт, подход, чем поможет.",
    )
    photo = models.ImageField(
        "фотография",
        upload_to=PrivateUploadTo("mentors/photos"),
        blank=True,
        validators=[validate_photo],
        help_text="JPEG или PNG до 5 МБ.",
    )
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="предложил",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="решение принял",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField("дата решения", null=True, blank=True)
    exclusion_reason = models.TextField("причина исключения", blank=True)

    objects = MentorBankQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[forms])

    class Meta:
        verbose_name = "наставник в банке"
        verbose_name_plural = "банк наставников"
        ordering = ["-year__start_year", "teacher__last_name", "teacher__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "year"],
                name="unique_bank_entry_per_year",
                violation_error_message="Этот педагог уже есть в банке наставников этого учебного года.",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        return f"{self.teacher} — банк наставников {self.year}"

    def save(self, *args, **kwargs):
        if self.teacher_id and not self.organisation_id:
            self.organisation_id = self.teacher.organisation_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("mentors:mentorbankentry_detail", args=[self.pk])

    def clean(self):
        if self.teacher_id:
            self.organisation_id = self.teacher.organisation_id
            if not self.teacher.is_active:
                raise ValidationError(
                    {"teacher": "Педагог не работает: в банк наставников его включить нельзя."}
                )
        if self.status == self.Status.EXCLUDED and not self.exclusion_reason:
            raise ValidationError({"exclusion_reason": "Укажите причину исключения из банка наставников."})

    @property
    def is_included(self):
        return self.status == self.Status.INCLUDED


class PublicationConsent(models.Model):
    """Consent to the dissemination of personal data (152-ФЗ, art. 10.1): a separate document of its own.

    The mentor chooses which fields may be published; the consent names the page where they appear, its
    term, and may be withdrawn at any time — the public card disappears at once. Publishing the photo also
    needs consent to publish the image (Civil Code, art. 152.1).
    """

    PUBLIC_FIELDS = ("name", "organisation", "position", "subjects", "photo", "contacts")

    entry = models.ForeignKey(
        MentorBankEntry, verbose_name="наставник в банке", on_delete=models.CASCADE, related_name="consents"
    )
    publish_name = models.BooleanField("публиковать ФИО", default=True)
    publish_organisation = models.BooleanField("публиковать место работы", default=True)
    publish_position = models.BooleanField("публиковать должность", default=True)
    publish_subjects = models.BooleanField("публиковать предметы", default=True)
    publish_photo = models.BooleanField("публиковать фотографию", default=False)
    publish_contacts = models.BooleanField("публиковать контакты (почта, телефон)", default=False)
    image_consent = models.BooleanField(
        "согласие на обнародование изображения (ст. 152.1 ГК РФ)",
        default=False,
        help_text="Нужно, чтобы публиковать фотографию.",
    )
    page_url = models.CharField(
        "адрес страницы, где публикуются данные",
        max_length=300,
        blank=True,
        help_text="Заполняется автоматически: адрес инфокарты в публичном банке наставников.",
    )
    given_on = models.DateField("дата согласия")
    valid_until = models.DateField("действует до")
    withdrawn_on = models.DateField("отозвано", null=True, blank=True)
    withdrawal_note = models.CharField("основание отзыва", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="внёс",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager()
    scope_field = "entry__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "согласие на распространение персональных данных"
        verbose_name_plural = "согласия на распространение персональных данных"
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("given_on")),
                name="consent_term_after_given",
                violation_error_message="Срок действия согласия должен заканчиваться позже даты согласия.",
            ),
            models.CheckConstraint(
                condition=Q(publish_photo=False) | Q(image_consent=True),
                name="photo_needs_image_consent",
                violation_error_message=(
                    "Фотографию можно публиковать только с согласием на обнародование изображения."
                ),
            ),
        ]

    def __str__(self):
        return f"Согласие {self.entry.teacher} от {self.given_on:%d.%m.%Y}"

    def get_absolute_url(self):
        return self.entry.get_absolute_url()

    def clean(self):
        errors = {}
        if self.given_on and self.valid_until and self.valid_until <= self.given_on:
            errors["valid_until"] = "Срок действия согласия должен заканчиваться позже даты согласия."
        if self.publish_photo and not self.image_consent:
            errors["image_consent"] = (
                "Фотографию можно публиковать только с согласием на обнародование изображения."
            )
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            errors["withdrawn_on"] = "Согласие не может быть отозвано раньше, чем дано."
        if errors:
            raise ValidationError(errors)

    def is_valid_on(self, day) -> bool:
        return self.withdrawn_on is None and self.given_on <= day <= self.valid_until

    @property
    def allowed_fields(self) -> list[str]:
        return [name for name in self.PUBLIC_FIELDS if getattr(self, f"publish_{name}")]

    @property
    def allowed_fields_display(self) -> str:
        labels = {
            name: self._meta.get_field(f"publish_{name}").verbose_name.removeprefix("публиковать ")
            for name in self.PUBLIC_FIELDS
        }
        return ", ".join(labels[name] for name in self.allowed_fields) or "ничего"
