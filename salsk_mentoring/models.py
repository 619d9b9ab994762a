"""Shared models of the portal: background jobs that produce a document for one user; laid-out document parts."""

import time
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from .scoping import ScopedManager, ScopedQuerySet
from .uploads import PrivateUploadTo


class JobQuerySet(ScopedQuerySet):
    def scope(self, user, action):
        """A job and its document belong to the person who started it, whatever their role."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "В очереди"
        RUNNING = "running", "Выполняется"
        DONE = "done", "Готово"
        FAILED = "failed", "Ошибка"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    #: Empty: a public job (salsk_mentoring.jobs.start_job with ``user=None``) — work on public data that belongs
    #: to nobody, shared by identical requests and opened only by the sessions that asked for it.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="пользователь", on_delete=models.CASCADE,
                             related_name="jobs", null=True, blank=True)
    title = models.CharField("задача", max_length=300)
    status = models.CharField("состояние", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField("выполнено", default=0)
    total = models.PositiveIntegerField("всего", default=0)
    message = models.TextField("сообщение", blank=True)
    result = models.FileField("результат", upload_to=PrivateUploadTo("jobs"), blank=True)
    result_name = models.CharField("имя файла", max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField("создана", auto_now_add=True)
    finished = models.DateTimeField("завершена", null=True, blank=True)
    #: The function and arguments of the job (salsk_mentoring.jobs.job_fingerprint); empty: never reused.
    fingerprint = models.CharField("отпечаток запроса", max_length=64, blank=True, editable=False)
    #: Where the job was asked for (a list with its filters, the public bank, an order), shown on the job's page
    #: as a link back (salsk_mentoring.jobs.back_to); empty: no such link.
    back_url = models.CharField("адрес возврата", max_length=2000, blank=True, editable=False)
    back_label = models.CharField("текст ссылки возврата", max_length=300, blank=True, editable=False)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "фоновая задача"
        verbose_name_plural = "фоновые задачи"
        ordering = ["-created"]
        constraints = [  # one queued/running job per user and request: simultaneous clicks share it
            models.UniqueConstraint(
                fields=["user", "fingerprint"],
                condition=models.Q(status__in=["queued", "running"]) & ~models.Q(fingerprint=""),
                name="job_one_active_per_request",
            ),
            models.UniqueConstraint(  # the same for public jobs (no user: NULLs never collide in the index above)
                fields=["fingerprint"],
                condition=models.Q(user=None, status__in=["queued", "running"]) & ~models.Q(fingerprint=""),
                name="job_one_active_public_request",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("job_detail", args=[self.pk])

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return int(self.progress * 100 / self.total) if self.total else 0

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def status_text(self):
        """The line under the state on the job's page, the same in its HTML and its JSON (``jobs.job_state``)."""
        if self.status == self.Status.QUEUED:
            return "Задача начнётся, как только освободится исполнитель фоновых задач."
        if self.status == self.Status.RUNNING:
            return self.message or "Подготовка…"
        if self.status == self.Status.DONE:
            return "Документ сформирован."
        return self.message or "Задача завершилась ошибкой."

    def set_progress(self, progress, total=None, message=None):
        self.progress = progress
        if total is not None:
            self.total = total
        if message is not None:
            self.message = message
        Job.objects.unscoped(reason="a running job reports its progress").filter(pk=self.pk).update(
            progress=self.progress, total=self.total, message=self.message
        )

    def reporter(self, stage: str, *, approximate=False, every=0.5):
        """``progress(done, total)`` for one stage of the job («Выборка строк: 1 200 из 1 572»), written to the
        database at most every ``every`` seconds and when the stage ends; ``approximate``: the total is an
        estimate («из ≈63»)."""
        last = [0.0]

        def report(done, total):
            now = time.monotonic()
            if done < total and now - last[0] < every:
                return
            last[0] = now
            about = "≈" if approximate and done < total else ""
            self.set_progress(done, total, f"{stage}: {number(done)} из {about}{number(total)}")

        return report


def number(value: int) -> str:
    """1 572 with a no-break space between thousands, as Russian texts write numbers."""
    return f"{value:,}".replace(",", "\u00a0")


class PrintedPart(models.Model):
    """A laid-out part of a document (an order's text or one appendix), kept under the hash of its HTML.

    Not a registry and never written by a person (hence no history): a cache that every app server and
    every restart shares, so a long appendix is laid out once per change of its data, not once per print
    (``salsk_mentoring.documents.parts``).
    """

    key = models.CharField("хеш HTML", max_length=64, unique=True)
    pdf = models.BinaryField("PDF")
    created_at = models.DateTimeField("свёрстано", auto_now_add=True)

    objects = ScopedManager()
    scope_field = None

    class Meta:
        verbose_name = "свёрстанная часть документа"
        verbose_name_plural = "свёрстанные части документов"
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return self.key[:12]
