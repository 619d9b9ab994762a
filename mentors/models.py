"""Teachers, the mentor bank, mentees and mentoring pairs (Order 866, appendices 3 and 7)."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import ScopedManager, ScopedQuerySet
from salsk_mentoring.search import SearchTextField, SearchTextMixin
from salsk_mentoring.uploads import IMAGES, FileTypeValidator

YOUNG_SPECIALIST_MAX_YEARS = 3
PHOTO_MAX_MB = 5


def validate_photo(upload):
    """A mentor's photo: JPEG or PNG by content, at most PHOTO_MAX_MB."""
    FileTypeValidator(IMAGES, max_mb=PHOTO_MAX_MB)(upload)


class TeacherQuerySet(ScopedQuerySet):
    def young_specialists(self):
        return self.filter(teaching_experience__lte=YOUNG_SPECIALIST_MAX_YEARS)


class Teacher(SearchTextMixin, models.Model):
    class Category(models.TextChoices):
        NONE = "none", "Без категории"
        CONFORMITY = "conformity", "Соответствие занимаемой должности"
        FIRST = "first", "Первая"
        HIGHEST = "highest", "Высшая"

    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    organisation = models.ForeignKey(
        "schools.Organisation", verbose_name="организация", on_delete=models.PROTECT, related_name="teachers"
    )
    position = models.CharField("должность", max_length=200, default="учитель")
    subjects = models.CharField("предметы", max_length=300, blank=True, help_text="Через запятую.")
    category = models.CharField(
        "квалификационная категория", max_length=20, choices=Category.choices, default=Category.NONE
    )
    total_experience = models.PositiveSmallIntegerField("общий стаж, лет", default=0)
    teaching_experience = models.PositiveSmallIntegerField("педагогический стаж, лет", default=0)
    email = models.EmailField("электронная почта", blank=True)
    phone = models.CharField("телефон", max_length=50, blank=True)
    is_active = models.BooleanField("работает", default=True)
    search_text = SearchTextField(
        "для поиска", sources=("last_name", "first_name", "middle_name", "subjects", "email")
    )

    objects = TeacherQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = "педагог"
        verbose_name_plural = "педагоги"
        ordering = ["last_name", "first_name", "middle_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=~Q(email=""),
                name="unique_teacher_email",
                violation_error_message="Педагог с такой электронной почтой уже есть в реестре.",
            ),
            models.CheckConstraint(
                condition=Q(teaching_experience__lte=models.F("total_experience")),
                name="teaching_experience_within_total",
                violation_error_message="Педагогический стаж не может быть больше общего.",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "last_name"]),
            # Also the dashboard's count of working young specialists, from the index alone (a range on the
            # experience; SQLite cannot seek on a bare boolean, so is_active comes second).
            models.Index(fields=["teaching_experience", "is_active"], name="teacher_exp_active_idx"),
            # SQLite cannot use the partial unique index above for ``email = %s`` (it does not prove
            # ``email <> ''`` from it), so lookups by e-mail (admin import, search) would scan the table.
            models.Index(fields=["email"], name="teacher_email_idx"),
            # The registry's order: a page of 60,000 teachers is read from the index, not sorted.
            models.Index(fields=["last_name", "first_name", "middle_name"], name="teacher_name_idx"),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("mentors:teacher_detail", args=[self.pk])

    def clean(self):
        if (
            self.teaching_experience is not None
            and self.total_experience is not None
            and self.teaching_experience > self.total_experience
        ):
            raise ValidationError({"teaching_experience": "Педагогический стаж не может быть больше общего."})

    @property
    def full_name(self):
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def short_name(self):
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()

    @property
    def is_young_specialist(self):
        return self.teaching_experience <= YOUNG_SPECIALIST_MAX_YEARS


# --- Reference data: mentoring forms and programme templates (Appendix 3) -------------------------------


class MentoringForm(models.Model):
    """A form of mentoring of the target model: «учитель – учитель», «ученик – ученик» …"""

    class Role(models.TextChoices):
        STUDENT = "student", "обучающийся"
        TEACHER = "teacher", "педагог"
        COLLEGE_STUDENT = "college_student", "студент"
        EMPLOYER = "employer", "представитель работодателя"

    code = models.SlugField("код", max_length=40, unique=True)
    name = models.CharField("наименование", max_length=100, unique=True)
    mentor_role = models.CharField("наставник", max_length=20, choices=Role.choices)
    mentee_role = models.CharField("наставляемый", max_length=20, choices=Role.choices)
    description = models.TextField("описание", blank=True)
    position = models.PositiveSmallIntegerField("порядок", default=0)

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "форма наставничества"
        verbose_name_plural = "формы наставничества"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mentors:mentoringform_detail", args=[self.pk])


class ProgrammeTemplate(models.Model):
    """A sample programme of Appendix 3 for one form of mentoring."""

    form = models.ForeignKey(
        MentoringForm, verbose_name="форма наставничества", on_delete=models.PROTECT, related_name="templates"
    )
    title = models.CharField("наименование", max_length=300)
    goals = models.TextField("цель")
    tasks = models.TextField("задачи", help_text="По одной на строку.")
    stages = models.TextField("этапы реализации", help_text="По одному на строку: «этап — содержание».")
    expected_results = models.TextField("ожидаемые результаты", help_text="По одному на строку.")
    duration = models.CharField("срок реализации", max_length=100, blank=True)
    basis = models.TextField("основание", blank=True)
    position = models.PositiveSmallIntegerField("порядок", default=0)

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "примерная программа"
        verbose_name_plural = "примерные программы (прил. 3)"
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mentors:programmetemplate_detail", args=[self.pk])


def lines(text: str) -> list[str]:
    return [line.strip(" -–•\t") for line in (text or "").splitlines() if line.strip(" -–•\t")]


class Programme(models.Model):
    """A school's own mentoring programme for an academic year, based on a template of Appendix 3."""

    organisation = models.ForeignKey(
        "schools.Organisation",
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    year = models.ForeignKey(
        "schools.AcademicYear",
        verbose_name="учебный год",
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    template = models.ForeignKey(
        ProgrammeTemplate,
        verbose_name="на основе примерной программы",
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    title = models.CharField("наименование", max_length=300)
    goals = models.TextField("цель", blank=True, help_text="Пусто — как в примерной программе.")
    tasks = models.TextField("задачи", blank=True, help_text="Пусто — как в примерной программе.")
    stages = models.TextField("этапы", blank=True, help_text="Пусто — как в примерной программе.")
    expected_results = models.TextField(
        "ожидаемые результаты", blank=True, help_text="Пусто — как в примерной программе."
    )
    approval = models.CharField(
        "утверждена", max_length=200, blank=True, help_text="Например: приказ ОО от 01.09.2021 № 120."
    )

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "программа наставничества ОО"
        verbose_name_plural = "программы наставничества ОО"
        ordering = ["-year__start_year", "organisation__short_name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "template"],
                name="unique_programme_per_template",
                violation_error_message=(
                    "У организации уже есть программа на основе этой примерной программы в этом году."
                ),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def save(self, *args, **kwargs):
        if self.template_id:
            for name in ("goals", "tasks", "stages", "expected_results"):
                if not getattr(self, name):
                    setattr(self, name, getattr(self.template, name))
            if not self.title:
                self.title = self.template.title
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("mentors:programme_detail", args=[self.pk])


# --- The mentor bank (Appendix 7) ----------------------------------------------------------------------


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

    def public(self, day=None):
        """Entries shown in the public bank: included by a methodist and with a consent in force."""
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
        Teacher, verbose_name="педагог", on_delete=models.PROTECT, related_name="bank_entries"
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
        MentoringForm, verbose_name="формы наставничества", related_name="bank_entries", blank=True
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
        upload_to="mentors/photos/",
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


# --- Mentees, pairs, meetings, feedback ----------------------------------------------------------------


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
        Teacher,
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
        MentorBankEntry,
        verbose_name="наставник",
        on_delete=models.PROTECT,
        related_name="pairs",
        help_text="Наставник из банка наставников этого учебного года.",
    )
    mentees = models.ManyToManyField(Mentee, verbose_name="наставляемые", related_name="pairs")
    form = models.ForeignKey(
        MentoringForm, verbose_name="форма наставничества", on_delete=models.PROTECT, related_name="pairs"
    )
    programme = models.ForeignKey(
        Programme,
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
        pairs = cls.objects.all() if pair_ids is None else cls.objects.filter(pk__in=list(pair_ids))
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
            elif mentor.status != MentorBankEntry.Status.INCLUDED:
                errors["mentor"] = "Наставник не включён методистом в банк наставников."
            if self.form_id and mentor.pk and self.is_open:
                offered = {f.pk for f in mentor.forms.all()}
                if offered and self.form_id not in offered:
                    errors["form"] = "Наставник не предлагает эту форму наставничества."
        if mentees is not None:
            if not mentees:
                errors["mentees"] = "Выберите хотя бы одного наставляемого."
            elif mentor is not None:
                self._check_mentees(mentor, mentees, errors)
        if errors:
            raise ValidationError(errors)

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
        others = Pair.objects.current().filter(mentor=mentor).exclude(pk=self.pk)
        load = Pair.mentees.through.objects.filter(pair__in=others).count()
        if load + len(mentees) > mentor.max_mentees:
            errors["mentor"] = (
                f"Нагрузка наставника превышена: уже {load} наставляемых в действующих парах, "
                f"добавляется {len(mentees)}, а наибольшее число — {mentor.max_mentees}."
            )
        if others.filter(mentees__in=mentees).exists():
            errors["mentees"] = "У этого наставника уже есть действующая пара с этим наставляемым."


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

    pair = models.ForeignKey(Pair, verbose_name="пара", on_delete=models.CASCADE, related_name="meetings")
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

    pair = models.ForeignKey(Pair, verbose_name="пара", on_delete=models.CASCADE, related_name="surveys")
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
