"""Reference data of Appendix 3 (forms of mentoring, sample programmes) and the schools' own programmes."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import ScopedManager


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
