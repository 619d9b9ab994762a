"""Individual educational routes (ИОМ) of young specialists: Order 866 point 3.3 and Appendix 4.

* :class:`IomTemplate` / :class:`IomTemplateRow` — the sample route of an academic year
  (Appendix 4), edited by methodists; a new IOM starts as a copy of it.
* :class:`Iom` / :class:`IomRow` — the route of one young specialist with their mentor,
  its rows (what, how, when, reporting form, result) and their execution.
* :class:`IomTransition` — who moved the IOM from one status to another, when, and why.
* :class:`IomCampaign` — a submission campaign (point 3.3: «до 01.12.2021») over a list of organisations.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats
from simple_history.models import HistoricalRecords

from mentors.models import YOUNG_SPECIALIST_MAX_YEARS, MentorBankEntry, Pair
from salsk_mentoring.scoping import ScopedManager, ScopedQuerySet
from salsk_mentoring.uploads import DOCUMENTS, FileTypeValidator, PrivateUploadTo


class ActivityForm(models.TextChoices):
    COURSES = "courses", "Курсы повышения квалификации"
    OPEN_LESSON = "open_lesson", "Открытый урок / занятие"
    VISIT = "visit", "Посещение уроков наставника и коллег"
    CONSULTATION = "consultation", "Консультация наставника"
    SHMSIN = "shmsin", "Занятие ШМСиН"
    METHOD_ASSOCIATION = "method_association", "Работа в МО / РМО, семинары"
    COMPETITION = "competition", "Конкурс профессионального мастерства"
    SELF_EDUCATION = "self_education", "Самообразование"
    OTHER = "other", "Иная форма"


class RowFields(models.Model):
    """What a row of a route says; shared by the template and the IOMs copied from it."""

    position = models.PositiveSmallIntegerField("№ п/п", default=0)
    section = models.CharField(
        "направление развития / профессиональный дефицит",
        max_length=300,
        help_text="Например: «Планирование и проектирование урока по ФГОС».",
    )
    tasks = models.TextField("задачи", blank=True)
    activity = models.TextField("мероприятия")
    form = models.CharField(
        "форма", max_length=30, choices=ActivityForm.choices, default=ActivityForm.CONSULTATION
    )
    deadline = models.DateField("срок")
    reporting_form = models.CharField("форма отчётности", max_length=300, blank=True)
    expected_result = models.TextField("ожидаемый результат", blank=True)

    class Meta:
        abstract = True

    PLAN_FIELDS = (
        "position",
        "section",
        "tasks",
        "activity",
        "form",
        "deadline",
        "reporting_form",
        "expected_result",
    )


def _d(day):
    return formats.date_format(day, "d.m.Y")


def _check_deadline(deadline, year, field="deadline"):
    if deadline and year and not year.contains(deadline):
        raise ValidationError(
            {
                field: (
                    f"Срок {_d(deadline)} выходит за пределы {year.name} учебного года "
                    f"({_d(year.start_date)}–{_d(year.end_date)})."
                )
            }
        )


class IomTemplate(models.Model):
    academic_year = models.OneToOneField(
        "schools.AcademicYear",
        verbose_name="учебный год",
        on_delete=models.PROTECT,
        related_name="iom_template",
    )
    title = models.CharField(
        "заголовок",
        max_length=300,
        default="Примерный индивидуальный образовательный маршрут развития молодого специалиста",
    )
    introduction = models.TextField(
        "пояснение",
        blank=True,
        help_text="Печатается под заголовком приложения 4: назначение маршрута, как его заполнять.",
    )

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "шаблон ИОМ"
        verbose_name_plural = "шаблоны ИОМ (приложение 4)"
        ordering = ["-academic_year__start_year"]

    def __str__(self):
        return f"Шаблон ИОМ на {self.academic_year} учебный год"

    def get_absolute_url(self):
        return reverse("iom:iomtemplate_detail", args=[self.pk])


class IomTemplateRow(RowFields):
    template = models.ForeignKey(
        IomTemplate, verbose_name="шаблон", on_delete=models.CASCADE, related_name="rows"
    )

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "строка шаблона ИОМ"
        verbose_name_plural = "строки шаблона ИОМ"
        ordering = ["template", "position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.activity[:60]}"

    def clean(self):
        if self.template_id:
            _check_deadline(self.deadline, self.template.academic_year)


class IomQuerySet(ScopedQuerySet):
    def with_progress(self):
        """``rows_total`` / ``rows_done`` as correlated subqueries: no GROUP BY over all rows of all IOMs,
        so a paginated list at region scale counts rows only through the index on ``iom_id``."""
        rows = IomRow.objects.filter(iom=models.OuterRef("pk")).order_by().values("iom")
        count = models.Func(models.F("pk"), function="COUNT")
        return self.annotate(
            rows_total=models.Subquery(
                rows.annotate(c=count).values("c"), output_field=models.IntegerField()
            ),
            rows_done=models.Subquery(
                rows.filter(status=IomRow.Status.DONE).annotate(c=count).values("c"),
                output_field=models.IntegerField(),
            ),
        )


class Iom(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        AGREED = "agreed", "Согласован наставником"
        SUBMITTED = "submitted", "Представлен в МБУ ИМЦ"
        RETURNED = "returned", "Возвращён на доработку"
        APPROVED = "approved", "Утверждён"
        IN_PROGRESS = "in_progress", "Реализуется"
        COMPLETED = "completed", "Завершён"

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    ON_REVIEW = (Status.SUBMITTED,)
    ACCEPTED = (Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED)

    specialist = models.ForeignKey(
        "mentors.Teacher",
        verbose_name="молодой специалист",
        on_delete=models.PROTECT,
        related_name="ioms",
        help_text="Педагог со стажем 0–3 года.",
    )
    mentor = models.ForeignKey(
        "mentors.Teacher",
        verbose_name="наставник",
        on_delete=models.PROTECT,
        related_name="mentored_ioms",
    )
    organisation = models.ForeignKey(
        "schools.Organisation", verbose_name="организация", on_delete=models.PROTECT, related_name="ioms"
    )
    pair = models.ForeignKey(
        "mentors.Pair",
        verbose_name="пара наставничества",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ioms",
        help_text="Пара (группа) «учитель – учитель», в которой молодой специалист работает с наставником.",
    )
    academic_year = models.ForeignKey(
        "schools.AcademicYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="ioms"
    )
    template = models.ForeignKey(
        IomTemplate,
        verbose_name="шаблон",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ioms",
        editable=False,
    )
    deficits = models.TextField(
        "выявленные профессиональные дефициты",
        help_text="По итогам диагностики (анкетирование, посещение уроков, самоанализ).",
    )
    goals = models.TextField("цели и задачи маршрута")
    status = models.CharField(
        "статус", max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    review_comment = models.TextField("замечания методиста", blank=True, editable=False)
    mentor_agreed_on = models.DateField("согласовано наставником", null=True, blank=True, editable=False)
    head_name = models.CharField(
        "руководитель ОО (утверждает)",
        max_length=200,
        blank=True,
        help_text="Фамилия И.О. для грифа «УТВЕРЖДАЮ».",
    )
    head_position = models.CharField("должность руководителя", max_length=200, blank=True, default="Директор")
    head_signed_on = models.DateField("дата утверждения руководителем ОО", null=True, blank=True)
    self_analysis = models.TextField("итоговый самоанализ молодого специалиста", blank=True, editable=False)
    mentor_conclusion = models.TextField("заключение наставника", blank=True, editable=False)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    objects = IomQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ИОМ молодого специалиста"
        verbose_name_plural = "ИОМ молодых специалистов"
        ordering = ["-academic_year__start_year", "organisation__short_name", "specialist__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["specialist", "academic_year"],
                name="one_iom_per_specialist_and_year",
                violation_error_message="У этого молодого специалиста уже есть ИОМ на этот учебный год.",
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "organisation", "status"])]

    def __str__(self):
        specialist = self.specialist.short_name if self.specialist_id else "—"
        year = self.academic_year.name if self.academic_year_id else ""
        return f"ИОМ {specialist} ({year})"

    def get_absolute_url(self):
        return reverse("iom:iom_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def is_accepted(self):
        return self.status in self.ACCEPTED

    def clean(self):
        errors = {}
        specialist = self.specialist if self.specialist_id else None
        mentor = self.mentor if self.mentor_id else None
        if specialist is not None:
            if specialist.teaching_experience > YOUNG_SPECIALIST_MAX_YEARS:
                errors["specialist"] = (
                    f"{specialist.short_name} — не молодой специалист: педагогический стаж "
                    f"{specialist.teaching_experience} лет "
                    f"(ИОМ составляется при стаже 0–{YOUNG_SPECIALIST_MAX_YEARS} года)."
                )
            elif self.organisation_id and specialist.organisation_id != self.organisation_id:
                errors["specialist"] = (
                    f"{specialist.short_name} работает в другой организации ({specialist.organisation}); "
                    "ИОМ составляет организация, где работает молодой специалист."
                )
        if mentor is not None:
            if specialist is not None and mentor.pk == specialist.pk:
                errors["mentor"] = "Наставником не может быть сам молодой специалист."
            elif (
                self.organisation_id
                and mentor.organisation_id != self.organisation_id
                and not self.has_network_pair()
            ):
                errors["mentor"] = (
                    f"Наставник {mentor.short_name} работает в другой организации ({mentor.organisation}). "
                    "Наставника из другой организации можно указать только при сетевой форме "
                    "наставничества — "
                    "сначала оформите сетевую пару в реестре пар."
                )
        # With a pair chosen, _check_pair asks for the pair's mentor (a more precise message).
        checkable = mentor is not None and specialist is not None and self.academic_year_id
        if checkable and "mentor" not in errors and not self.pair_id:
            self._check_mentor_source(mentor, errors)
        if self.pair_id and not errors:
            self._check_pair(errors)
        if errors:
            raise ValidationError(errors)

    def _check_mentor_source(self, mentor, errors):
        """An IOM's mentor comes from the mentor bank of the IOM's year (included by a methodist) or is the
        mentor of one of the specialist's pairs — never just any teacher."""
        # The district's bank, whoever saves the IOM: a mentor of another school is valid (a network mentor),
        # so the answer must not depend on the saver's scope; the check answers yes or no and shows no rows.
        in_bank = MentorBankEntry.objects.unscoped(
            reason="whether the IOM's mentor is in the district bank of the year (a model check, no rows shown)"
        ).filter(
            teacher_id=mentor.pk, year_id=self.academic_year_id, status=MentorBankEntry.Status.INCLUDED
        ).exists()
        if in_bank or pairs_linking(mentor.pk, self.specialist_id).exists():
            return
        errors["mentor"] = (
            f"{mentor.short_name}: нет в банке наставников {self.academic_year} учебного года и нет "
            f"пары с молодым специалистом {self.specialist.short_name} — наставником ИОМ может быть педагог из "
            "банка наставников этого года или наставник пары молодого специалиста."
        )

    def _check_pair(self, errors):
        pair = self.pair
        if self.organisation_id and pair.organisation_id != self.organisation_id:
            errors["pair"] = f"Пара № {pair.pk} относится к другой организации ({pair.organisation})."
            return
        if self.academic_year_id and pair.year_id != self.academic_year_id:
            errors["pair"] = (
                f"Пара № {pair.pk} создана на {pair.year} учебный год, а ИОМ — на {self.academic_year}."
            )
            return
        pair_mentor = pair.mentor.teacher
        if self.mentor_id and pair_mentor.pk != self.mentor_id:
            errors["mentor"] = (
                f"Наставник ИОМ должен быть наставником выбранной пары: в паре № {pair.pk} наставник — "
                f"{pair_mentor.short_name}."
            )
        if self.specialist_id and not pair.mentees.filter(teacher_id=self.specialist_id).exists():
            errors["pair"] = f"Молодой специалист не входит в число наставляемых пары № {pair.pk}."

    def has_network_pair(self) -> bool:
        """A mentor of another organisation is allowed only when a network pair links them (mentors.Pair)."""
        if not (self.mentor_id and self.specialist_id):
            return False
        return pairs_linking(self.mentor_id, self.specialist_id).exists()

    def _rows_done_and_total(self) -> tuple[int, int]:
        """From the ``with_progress`` annotation when present, else counted."""
        if hasattr(self, "rows_total"):
            return self.rows_done or 0, self.rows_total or 0
        rows = list(self.rows.all())
        return sum(1 for r in rows if r.status == IomRow.Status.DONE), len(rows)

    @property
    def progress(self) -> int:
        """Share of rows done, in per cent."""
        done, total = self._rows_done_and_total()
        return round(100 * done / total) if total else 0

    @property
    def progress_text(self) -> str:
        """«2 из 3 (67%)»."""
        done, total = self._rows_done_and_total()
        return f"{done} из {total} ({round(100 * done / total) if total else 0}%)"


def pairs_linking(mentor_id, specialist_id):
    """Pairs in which the teacher ``mentor_id`` mentors the teacher ``specialist_id``.

    Pair.mentor is a mentor bank entry and Pair.mentees are mentees; both point to their Teacher.
    """
    return Pair.objects.unscoped(reason="whether a network pair links two teachers (a check, no rows shown)").filter(
        mentor__teacher_id=mentor_id, mentees__teacher_id=specialist_id
    )


def validate_evidence(upload):
    """Evidence: a document or a scan (PDF, DOCX, XLSX, JPEG, PNG), checked by content and size."""
    FileTypeValidator(DOCUMENTS)(upload)


class IomRow(RowFields):
    class Status(models.TextChoices):
        PLANNED = "planned", "Запланировано"
        DONE = "done", "Выполнено"
        NOT_DONE = "not_done", "Не выполнено"

    iom = models.ForeignKey(Iom, verbose_name="ИОМ", on_delete=models.CASCADE, related_name="rows")
    status = models.CharField("выполнение", max_length=20, choices=Status.choices, default=Status.PLANNED)
    not_done_reason = models.TextField("причина невыполнения", blank=True)
    evidence_file = models.FileField(
        "подтверждающий документ",
        upload_to=PrivateUploadTo("iom/evidence"),
        blank=True,
        validators=[validate_evidence],
        help_text="PDF, DOCX, XLSX, JPEG или PNG.",
    )
    evidence_url = models.URLField("ссылка на материалы", blank=True)

    objects = ScopedManager()
    scope_field = "iom__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "строка ИОМ"
        verbose_name_plural = "строки ИОМ"
        ordering = ["iom", "position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.activity[:60]}"

    def clean(self):
        if self.iom_id:
            _check_deadline(self.deadline, self.iom.academic_year)
        if self.status == self.Status.NOT_DONE and not self.not_done_reason.strip():
            raise ValidationError(
                {"not_done_reason": "Укажите причину, по которой мероприятие не выполнено."}
            )


class IomTransition(models.Model):
    iom = models.ForeignKey(Iom, verbose_name="ИОМ", on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField("действие", max_length=30)
    from_status = models.CharField("из статуса", max_length=20, choices=Iom.Status.choices)
    to_status = models.CharField("в статус", max_length=20, choices=Iom.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("когда", auto_now_add=True)
    comment = models.TextField("комментарий", blank=True)

    objects = ScopedManager()
    scope_field = "iom__organisation"
    history = HistoricalRecords()

    class Meta:
        verbose_name = "переход ИОМ"
        verbose_name_plural = "журнал переходов ИОМ"
        ordering = ["iom", "at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class IomCampaign(models.Model):
    """A submission campaign: organisations must submit the IOMs of their young specialists by a deadline."""

    title = models.CharField(
        "наименование",
        max_length=300,
        default="Разработка ИОМ молодых специалистов (п. 3.3 приказа от 15.11.2021 № 866)",
    )
    academic_year = models.ForeignKey(
        "schools.AcademicYear",
        verbose_name="учебный год",
        on_delete=models.PROTECT,
        related_name="iom_campaigns",
    )
    deadline = models.DateField("срок представления")
    organisations = models.ManyToManyField(
        "schools.Organisation",
        verbose_name="организации",
        related_name="iom_campaigns",
        help_text="Например, пилотные организации проекта (приложение 6).",
    )
    basis = models.CharField(
        "основание", max_length=300, blank=True, help_text="Пункт приказа, которым поручена разработка ИОМ."
    )
    is_open = models.BooleanField("открыта", default=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="открыл",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    opened_at = models.DateTimeField("открыта", auto_now_add=True)
    last_reminder_at = models.DateTimeField("последнее напоминание", null=True, blank=True, editable=False)

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        verbose_name = "кампания по ИОМ"
        verbose_name_plural = "кампании по ИОМ"
        ordering = ["-academic_year__start_year", "-deadline"]

    def __str__(self):
        deadline = formats.date_format(self.deadline, "d.m.Y") if self.deadline else ""
        return f"{self.title} — до {deadline}"

    def get_absolute_url(self):
        return reverse("iom:iomcampaign_detail", args=[self.pk])

    def clean(self):
        if self.deadline and self.academic_year_id:
            _check_deadline(self.deadline, self.academic_year)
