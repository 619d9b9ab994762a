"""Municipalities, organisations, academic years, users and the pilot project of Order 866."""

import re

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import ScopedManager
from salsk_mentoring.search import NameSearchField, SearchTextMixin


class Municipality(models.Model):
    name = models.CharField("наименование", max_length=200, unique=True)
    region = models.CharField("субъект РФ", max_length=200, default="Ростовская область")
    is_default = models.BooleanField(
        "муниципалитет по умолчанию", default=False, help_text="Подставляется в новые организации."
    )

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "муниципальное образование"
        verbose_name_plural = "муниципальные образования"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_municipality"
            )
        ]

    def __str__(self):
        return self.name

    @classmethod
    def get_default(cls):
        return cls.objects.filter(is_default=True).first() or cls.objects.order_by("pk").first()


class Organisation(SearchTextMixin, models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", "Общеобразовательная организация"
        KINDERGARTEN = "kindergarten", "Дошкольная образовательная организация"
        UDO = "udo", "Организация дополнительного образования"
        COLLEGE = "college", "Профессиональная образовательная организация"
        AUTHORITY = "authority", "Орган управления образованием"
        METHOD_CENTRE = "method_centre", "Методическая служба"
        TRAINING = "training", "Организация ДПО / повышения квалификации"
        MINISTRY = "ministry", "Региональный или федеральный орган"
        COMMUNITY = "community", "Профессиональное сообщество"
        OTHER = "other", "Иная организация"

    EDUCATIONAL_KINDS = (Kind.SCHOOL, Kind.KINDERGARTEN, Kind.UDO, Kind.COLLEGE)

    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", on_delete=models.PROTECT, related_name="organisations"
    )
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.SCHOOL)
    short_name = models.CharField(
        "краткое наименование", max_length=150,
        help_text="Как в приказах: «МБОУ лицей № 9», «МБУ ИМЦ Сальского района».",
    )
    full_name = models.CharField("полное наименование", max_length=500)
    address = models.CharField("адрес", max_length=300, blank=True)
    head_name = models.CharField("руководитель", max_length=200, blank=True, help_text="Фамилия И.О.")
    phone = models.CharField("телефон", max_length=50, blank=True)
    email = models.EmailField("электронная почта", blank=True)
    website = models.URLField("сайт", blank=True)
    is_participant = models.BooleanField(
        "участник ЦМН",
        default=False,
        help_text="Организация реализует целевую модель наставничества: получает задачи, отмеченные в плане как «ОО».",
    )
    is_active = models.BooleanField("действует", default=True)
    # The keys of both names for the one name matcher (salsk_mentoring.search.NameQuery): autocomplete,
    # list filters, the public bank and imports find «СОШ № 5» as «сош №5», «СОШ N5» or «МБОУ СОШ №5 г.Сальска».
    search_name = NameSearchField("для поиска по названию", sources=("short_name", "full_name"))

    objects = ScopedManager()
    scope_field = "pk"
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["municipality__name", "short_name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "short_name"], name="unique_org_short_name"),
        ]
        indexes = [
            models.Index(fields=["kind", "is_active"]),
            # Imports and searches find an organisation by its short name across municipalities.
            models.Index(fields=["short_name"], name="org_short_name_idx"),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("schools:organisation_detail", args=[self.pk])

    @property
    def is_educational(self):
        return self.kind in self.EDUCATIONAL_KINDS

    def sort_key(self):
        """The order of organisations in reports: schools first, then kindergartens and УДО; «СОШ № 2»
        before «СОШ № 10»."""
        kinds = list(self.EDUCATIONAL_KINDS)
        rank = kinds.index(self.kind) if self.kind in kinds else len(kinds)
        parts = re.split(r"(\d+)", self.short_name)
        return (rank, [int(p) if p.isdigit() else p.lower() for p in parts])


class Abbreviation(models.Model):
    """The order's «Используемые сокращения»: an abbreviation and what it stands for."""

    short = models.CharField("сокращение", max_length=100, unique=True)
    full = models.TextField("расшифровка")
    organisation = models.ForeignKey(
        Organisation, verbose_name="организация", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="abbreviations",
    )
    position = models.PositiveSmallIntegerField("порядок", default=0)
    in_glossary = models.BooleanField(
        "в перечне «Используемые сокращения»", default=False,
        help_text="Печатается под планом мероприятий (приложение 5), как в приказе № 866.",
    )

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "сокращение"
        verbose_name_plural = "используемые сокращения"
        ordering = ["position", "short"]

    def __str__(self):
        return f"{self.short} — {self.full}"


class AcademicYear(models.Model):
    start_year = models.PositiveSmallIntegerField("год начала", unique=True)
    start_date = models.DateField("начало")
    end_date = models.DateField("окончание")
    is_current = models.BooleanField("текущий", default=False)

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "учебный год"
        verbose_name_plural = "учебные годы"
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_year"),
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="year_ends_after_start"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return f"{self.start_year}-{self.start_year + 1}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "Учебный год должен заканчиваться позже, чем начинается."})

    def contains(self, day) -> bool:
        return self.start_date <= day <= self.end_date

    @classmethod
    def current(cls):
        return cls.objects.filter(is_current=True).first() or cls.objects.order_by("-start_year").first()


class YearRollover(models.Model):
    """A run of «Новый учебный год» (schools.rollover): from which year to which, who, when, what it did."""

    source = models.ForeignKey(
        AcademicYear, verbose_name="с учебного года", on_delete=models.PROTECT, related_name="+"
    )
    target = models.OneToOneField(
        AcademicYear, verbose_name="на учебный год", on_delete=models.PROTECT, related_name="rollover"
    )
    applied_by = models.ForeignKey(
        "schools.User", verbose_name="выполнил", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField("выполнен", auto_now=True)
    summary = models.TextField("что сделано", blank=True)

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "переход на новый учебный год"
        verbose_name_plural = "переходы на новый учебный год"
        ordering = ["-target__start_year"]

    def __str__(self):
        return f"Переход {self.source} → {self.target}"


def shift_date(day, years: int):
    """``day`` ``years`` academic years on (29 February → 28 February); None stays None."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class UserQuerySet(models.QuerySet):
    """Users by their status in the portal (:attr:`User.Status`): switched off, invited (no password set yet),
    active; and who may see whom (:meth:`for_user`)."""

    def for_user(self, user, action: str = "view"):
        """Methodists see and manage every account, officials read them; a school user sees only the people
        of their own organisations (the users block of the organisation's card), and changes nobody."""
        if not (user is not None and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_methodist:
            return self
        if action != "view":
            return self.none()
        if user.is_official:
            return self
        return self.filter(memberships__organisation__in=user.organisation_ids).distinct()

    def with_status(self, status):
        if status == User.Status.DISABLED:
            return self.filter(is_active=False)
        invited = Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        if status == User.Status.INVITED:
            return self.filter(invited, is_active=True)
        if status == User.Status.ACTIVE:
            return self.filter(is_active=True).exclude(invited)
        return self


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    def get_by_login(self, login: str):
        """The user who signs in as ``login``: the username, or the e-mail (case-insensitive) when exactly one
        account has it; ``None`` otherwise."""
        login = (login or "").strip()
        if not login:
            return None
        user = self.filter(username=login).first()
        if user is None and "@" in login:
            found = list(self.filter(email__iexact=login)[:2])
            user = found[0] if len(found) == 1 else None
        return user


class User(AbstractUser):
    """A person who signs in. The role decides what they may do; memberships tie school users to organisations."""

    class Role(models.TextChoices):
        METHODIST = "methodist", "Методист (ИМЦ, ММРЦ, УО)"
        SCHOOL = "school", "Представитель образовательной организации"
        OFFICIAL = "official", "Руководство, наблюдатель (только просмотр)"

    middle_name = models.CharField("отчество", max_length=150, blank=True)
    role = models.CharField("роль", max_length=20, choices=Role.choices, default=Role.SCHOOL)
    position = models.CharField("должность", max_length=200, blank=True)
    phone = models.CharField("телефон", max_length=50, blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="Membership", related_name="users", verbose_name="организации", blank=True
    )

    class Status(models.TextChoices):
        INVITED = "invited", "приглашён"
        ACTIVE = "active", "активен"
        DISABLED = "disabled", "отключён"

    objects = PortalUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["last_name", "first_name"]
        constraints = [
            # Sign-in by e-mail needs one account per address (case does not matter); empty addresses repeat.
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="unique_user_email_ci",
                violation_error_message="Пользователь с таким адресом электронной почты уже есть.",
            ),
        ]

    def __str__(self):
        return self.short_name or self.username

    def save(self, *args, **kwargs):
        # Methodists work in the Django admin too.
        if self.role == self.Role.METHODIST:
            self.is_staff = True
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def short_name(self):
        """«Иванченко О.В.» — the form used in orders."""
        if not self.last_name:
            return ""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()

    @property
    def status(self) -> str:
        """Отключён (switched off), приглашён (no password set yet: the invitation is not used) or активен."""
        if not self.is_active:
            return self.Status.DISABLED
        if not self.has_usable_password():
            return self.Status.INVITED
        return self.Status.ACTIVE

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def get_absolute_url(self):
        return reverse("schools:user_detail", args=[self.pk])

    @property
    def role_badge(self):
        if self.is_superuser:
            return "администратор"
        return {"methodist": "методист", "school": "ОО", "official": "просмотр"}.get(self.role, self.role)

    @property
    def is_methodist(self):
        return self.is_active and (self.is_superuser or self.role == self.Role.METHODIST)

    @property
    def is_official(self):
        return self.is_active and not self.is_methodist and self.role == self.Role.OFFICIAL

    @property
    def is_school(self):
        return self.is_active and not self.is_methodist and self.role == self.Role.SCHOOL

    @cached_property
    def organisation_ids(self) -> list[int]:
        if not self.pk:
            return []
        own = Membership.objects.unscoped(reason="a user's own memberships: what their scope is made of")
        return list(own.filter(user=self).values_list("organisation_id", flat=True))


class Membership(models.Model):
    user = models.ForeignKey(User, verbose_name="пользователь", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name="организация", on_delete=models.CASCADE, related_name="memberships"
    )
    position = models.CharField("должность", max_length=200, blank=True)
    is_head = models.BooleanField("руководитель организации", default=False)
    is_responsible = models.BooleanField("ответственный за наставничество", default=False)

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "членство в организации"
        verbose_name_plural = "членство в организациях"
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} — {self.organisation}"


class Invitation(models.Model):
    """A single-use link that lets an invited person set their password (schools.accounts.services).

    Only a digest of the token is kept; the link itself lives in the e-mail. A link is refused once used,
    after ``expires_at``, or when a newer invitation replaced it (resend).
    """

    user = models.ForeignKey(User, verbose_name="пользователь", on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("отправлено", auto_now_add=True)
    created_by = models.ForeignKey(
        User, verbose_name="кто пригласил", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField("действует до")
    used_at = models.DateTimeField("использовано", null=True, blank=True)
    revoked_at = models.DateTimeField("заменено новым", null=True, blank=True)

    class Meta:
        verbose_name = "приглашение"
        verbose_name_plural = "приглашения"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Приглашение для {self.user} от {self.created_at:%d.%m.%Y}"


class LoginThrottle(models.Model):
    """Failed sign-ins counted per account and per client address (schools.accounts.throttle)."""

    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    last_failure = models.DateTimeField()

    class Meta:
        verbose_name = "счётчик неудачных входов"
        verbose_name_plural = "счётчики неудачных входов"

    def __str__(self):
        return f"{self.key}: {self.failures}"


class PilotProject(models.Model):
    """A regional innovation project; Appendix 6 of Order 866 lists the pilot organisations of one."""

    name = models.CharField("наименование проекта", max_length=300)
    status = models.CharField(
        "статус площадки", max_length=200, blank=True, help_text="Например: областная инновационная площадка."
    )
    platform = models.ForeignKey(
        Organisation, verbose_name="базовая площадка", on_delete=models.PROTECT, related_name="pilot_projects"
    )
    leader = models.CharField("руководитель проекта", max_length=200, help_text="Фамилия И.О.")
    academic_year = models.ForeignKey(
        AcademicYear, verbose_name="учебный год", on_delete=models.PROTECT, related_name="pilot_projects"
    )
    description = models.TextField("описание", blank=True)

    objects = ScopedManager()
    scope_field = None
    history = HistoricalRecords()

    class Meta:
        verbose_name = "пилотный проект"
        verbose_name_plural = "пилотные проекты"
        ordering = ["-academic_year__start_year", "name"]

    def __str__(self):
        return f"«{self.name}»"

    def get_absolute_url(self):
        return reverse("schools:pilotproject_detail", args=[self.pk])


class PilotParticipant(models.Model):
    """An organisation taking part in a pilot project (Appendix 6), with its responsible (point 3.1)
    and the teachers it declared (point 3.2)."""

    project = models.ForeignKey(
        PilotProject, verbose_name="проект", on_delete=models.CASCADE, related_name="participants"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="организация", on_delete=models.PROTECT, related_name="pilot_participations"
    )
    responsible_name = models.CharField(
        "ответственный", max_length=200, blank=True, help_text="Назначается руководителем ОО (п. 3.1 приказа)."
    )
    responsible_position = models.CharField("должность ответственного", max_length=200, blank=True)
    appointment_document = models.CharField(
        "документ о назначении", max_length=200, blank=True, help_text="Например: приказ ОО от 22.11.2021 № 145."
    )
    declared_teachers = models.ManyToManyField(
        "mentors.Teacher", verbose_name="заявленные педагоги", blank=True, related_name="pilot_participations",
        help_text="Педагоги, участие которых в проекте обеспечивает ОО (п. 3.2 приказа).",
    )
    position = models.PositiveSmallIntegerField("№ п/п", default=0)

    objects = ScopedManager()
    history = HistoricalRecords(m2m_fields=[declared_teachers])

    class Meta:
        verbose_name = "участник пилотного проекта"
        verbose_name_plural = "участники пилотного проекта"
        ordering = ["project", "position", "organisation__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="unique_pilot_participant")
        ]

    def __str__(self):
        return f"{self.organisation} в проекте {self.project}"

    def get_absolute_url(self):
        return reverse("schools:pilotparticipant_detail", args=[self.pk])

    def clean(self):
        if self.organisation_id and not self.organisation.is_educational:
            raise ValidationError(
                {"organisation": "Участником пилотного проекта может быть только образовательная организация."}
            )
