"""Teachers: the registry each school keeps of its staff, and who counts as a young specialist."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import ScopedQuerySet
from salsk_mentoring.search import SearchTextField, SearchTextMixin

YOUNG_SPECIALIST_MAX_YEARS = 3


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
