"""Orders (приказы) of the education department: points, addressees, live appendices, signing.

An order is a draft until a methodist signs it (``orders.services.order_sign``); signing
freezes the text and the appendices: each appendix keeps the HTML it rendered and the rows of
its table, and the whole pack keeps its PDF bytes, so a signed order never changes afterwards.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import ScopedQuerySet
from salsk_mentoring.text import sanitise_rich_text

DEFAULT_ISSUER_HEADING = "Управление образования Сальского района"
DEFAULT_ISSUER_GENITIVE = "управления образования Сальского района"


class OrderQuerySet(ScopedQuerySet):
    """Methodists: every order; officials: every order, read only; a school: the signed orders
    that are district-wide or address one of its organisations in some point."""

    scope_field = None

    def scope_school(self, user, action):
        """A school reads the signed orders for the whole district and those with a point addressed to it."""
        if action != "view" or not user.organisation_ids:
            return self.none()
        addressed = OrderPoint.addressees.through.objects.filter(
            orderpoint__order=OuterRef("pk"), organisation_id__in=user.organisation_ids
        )
        return self.filter(status=Order.Status.SIGNED).filter(Q(district_wide=True) | Exists(addressed))


class Order(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "проект"
        SIGNED = "signed", "подписан"

    class Standard(models.TextChoices):
        GOST_2016 = "2016", "ГОСТ Р 7.0.97-2016"
        GOST_2025 = "2025", "ГОСТ Р 7.0.97-2025"

    issuer = models.ForeignKey(
        "schools.Organisation",
        verbose_name="издающий орган",
        on_delete=models.PROTECT,
        related_name="issued_orders",
    )
    issuer_heading = models.CharField(
        "наименование органа на бланке",
        max_length=300,
        default=DEFAULT_ISSUER_HEADING,
        help_text="Печатается вверху приказа прописными буквами.",
    )
    issuer_genitive = models.CharField(
        "наименование органа в отметке приложений",
        max_length=300,
        default=DEFAULT_ISSUER_GENITIVE,
        help_text="«Приложение N к приказу управления образования Сальского района от … № …».",
    )
    kind = models.CharField("вид документа", max_length=50, default="Приказ")
    date = models.DateField("дата")
    number = models.CharField(
        "номер", max_length=30, blank=True, help_text="Регистрационный номер; обязателен при подписании."
    )
    place = models.CharField("место составления", max_length=100, default="г. Сальск")
    title = models.TextField("заголовок к тексту", help_text="«О …». Перенос строки сохраняется при печати.")
    preamble = models.TextField("преамбула", blank=True, help_text="«В соответствии с …».")
    command_word = models.CharField("распорядительное слово", max_length=50, default="приказываю:")
    control_text = models.CharField(
        "контроль исполнения",
        max_length=500,
        blank=True,
        default="Контроль исполнения приказа оставляю за собой.",
        help_text="Печатается последним пунктом. Пусто — пункта нет.",
    )
    signatory_position = models.CharField("должность подписавшего", max_length=200, default="Начальник")
    signatory_name = models.CharField("подписавший (И.О. Фамилия)", max_length=200, default="М.Е. Сенченко")
    district_wide = models.BooleanField(
        "для всех организаций района",
        default=True,
        help_text="Приказ видят все образовательные организации; иначе — только адресаты пунктов.",
    )
    standard = models.CharField(
        "оформление по",
        max_length=4,
        choices=Standard.choices,
        default=Standard.GOST_2025,
    )
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.DRAFT)
    signed_at = models.DateTimeField("подписан в портале", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="подписал в портале",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    frozen_pdf = models.BinaryField("PDF подписанного приказа", null=True, blank=True, editable=False)
    frozen_at = models.DateTimeField("приложения зафиксированы", null=True, blank=True, editable=False)
    duties_assigned_at = models.DateTimeField("поручения созданы", null=True, blank=True, editable=False)
    copied_from = models.ForeignKey(
        "self",
        verbose_name="создан копированием",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrderQuerySet.as_manager()
    scope_field = None
    history = HistoricalRecords(excluded_fields=["frozen_pdf"])

    class Meta:
        verbose_name = "приказ"
        verbose_name_plural = "приказы"
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "issuer",
                ExtractYear("date"),
                "number",
                condition=~Q(number=""),
                name="order_number_unique_per_year",
                violation_error_message="Приказ с таким номером в этом году уже есть.",
            ),
        ]

    def __str__(self):
        number = f"№ {self.number}" if self.number else "без номера"
        return f"{self.kind} от {self.date:%d.%m.%Y} {number}" if self.date else f"{self.kind} {number}"

    def get_absolute_url(self):
        return reverse("orders:order_detail", args=[self.pk])

    @property
    def is_signed(self):
        return self.status == self.Status.SIGNED

    @property
    def is_frozen(self):
        return self.frozen_at is not None

    @property
    def reference(self) -> str:
        """«от 15.11.2021 № 866» — as in the appendix marks."""
        return f"от {self.date:%d.%m.%Y} № {self.number or '___'}"

    def clean(self):
        if self.number and self.date and self.issuer_id:
            duplicate = (
                Order.objects.filter(
                    issuer_id=self.issuer_id, number=self.number.strip(), date__year=self.date.year
                )
                .exclude(pk=self.pk)
                .first()
            )
            if duplicate:
                raise ValidationError(
                    {
                        "number": (
                            f"Номер {self.number} в {self.date.year} году уже занят: "
                            f"«{duplicate.title.splitlines()[0]}» "
                            f"от {duplicate.date:%d.%m.%Y}. Укажите другой номер."
                        )
                    }
                )
        if self.pk and self.is_signed:
            stored = Order.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.SIGNED:
                raise ValidationError(
                    "Подписанный приказ изменить нельзя: создайте новый приказ копированием."
                )

    def numbered_points(self, points=None):
        """Points with their printed numbers: «1.», «1.1.», …; the control clause comes last."""
        points = list(self.points.all()) if points is None else points
        top, sub, out = 0, 0, []
        for point in points:
            if point.level == 1 or top == 0:
                top, sub = top + 1, 0
                number = f"{top}."
            else:
                sub += 1
                number = f"{top}.{sub}."
            out.append((number, point))
        return out


class OrderPoint(models.Model):
    class Duty(models.TextChoices):
        NONE = "", "нет"
        IOM_CAMPAIGN = "iom_campaign", "разработать ИОМ молодых специалистов (кампания ИОМ)"
        PLAN_ITEM = "plan_item", "задача адресатам со сроком (план, «Мои задачи»)"

    order = models.ForeignKey(Order, verbose_name="приказ", on_delete=models.CASCADE, related_name="points")
    position = models.PositiveSmallIntegerField("порядок", default=0)
    level = models.PositiveSmallIntegerField(
        "уровень",
        choices=[(1, "пункт"), (2, "подпункт")],
        default=1,
        help_text="Подпункт нумеруется внутри предыдущего пункта: 1.1, 1.2 …",
    )
    text = models.TextField("текст")
    addressees = models.ManyToManyField(
        "schools.Organisation", verbose_name="адресаты", blank=True, related_name="order_points"
    )
    deadline = models.DateField("срок исполнения", null=True, blank=True)
    duty = models.CharField(
        "поручение в портале",
        max_length=30,
        choices=Duty.choices,
        default="",
        blank=True,
        help_text="При подписании создаёт задачу для адресатов (например, кампанию ИОМ со сроком пункта).",
    )
    plan_item = models.ForeignKey(
        "events.PlanItem",
        verbose_name="задача в плане",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="order_points",
        help_text="Создана по пункту при подписании: адресаты видят её в «Мои задачи».",
    )

    objects = ScopedQuerySet.as_manager()
    scope_field = None
    history = HistoricalRecords(m2m_fields=[addressees])

    class Meta:
        verbose_name = "пункт приказа"
        verbose_name_plural = "пункты приказа"
        ordering = ["order", "position", "pk"]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if self.duty and not self.deadline:
            name = "кампания ИОМ" if self.duty == self.Duty.IOM_CAMPAIGN else "задача адресатам"
            raise ValidationError({"deadline": f"Для поручения «{name}» укажите срок исполнения."})


class OrderAppendix(models.Model):
    order = models.ForeignKey(
        Order, verbose_name="приказ", on_delete=models.CASCADE, related_name="appendices"
    )
    number = models.PositiveSmallIntegerField("номер приложения")
    kind = models.CharField("вид", max_length=40)
    params = models.JSONField("параметры", default=dict, blank=True)
    title = models.CharField(
        "заголовок", max_length=500, blank=True, help_text="Для текста и таблицы; для реестров — из данных."
    )
    body = models.TextField(
        "текст или таблица",
        blank=True,
        help_text="Для таблицы: строка — строка таблицы, ячейки через «|», первая строка — заголовки.",
    )
    landscape = models.BooleanField("альбомная ориентация (для своей таблицы)", default=False)
    # Snapshot taken when the order is signed.
    snapshot_title = models.TextField("заголовок (зафиксирован)", blank=True, editable=False)
    snapshot_html = models.TextField("содержание (зафиксировано)", blank=True, editable=False)
    snapshot_landscape = models.BooleanField(default=False, editable=False)
    snapshot_table = models.JSONField("таблица (зафиксирована)", null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_field = None
    history = HistoricalRecords(excluded_fields=["snapshot_html", "snapshot_table"])

    class Meta:
        verbose_name = "приложение к приказу"
        verbose_name_plural = "приложения к приказу"
        ordering = ["order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "number"],
                name="order_appendix_number_unique",
                violation_error_message="Приложение с таким номером в приказе уже есть.",
            ),
        ]

    def __str__(self):
        return f"Приложение {self.number}"

    def save(self, *args, **kwargs):
        if self.kind == "free_text":
            # Free text reaches every school in a signed order: only bold, italic, lists and paragraphs are
            # kept (salsk_mentoring.text.sanitise_rich_text); the render sanitises again.
            self.body = sanitise_rich_text(self.body)
        super().save(*args, **kwargs)

    def clean(self):
        from .appendix_content import KINDS

        if self.kind and self.kind not in KINDS:
            raise ValidationError({"kind": "Неизвестный вид приложения."})
