"""A school's request for a network (cross-school) pair: its young specialist, a mentor of another school.

A school finds the mentor among the matching suggestions but may not create a pair across schools (only a
methodist allows a network pair). It asks: the request lands in the methodists' list and on their
dashboard, and a methodist answers in one step — accept (the pair is created, filed under the school of the
mentee, the mentor staying in theirs) or decline with a reason the school reads on the request.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from salsk_mentoring.scoping import VIEW, ScopedQuerySet


class NetworkPairRequestQuerySet(ScopedQuerySet):
    def scope_school(self, user, action: str):
        """A school sees the requests it made and those for its own teacher as mentor; it changes neither (the
        methodist decides)."""
        orgs = user.organisation_ids
        if action != VIEW or not orgs:
            return self.none()
        return self.filter(Q(organisation__in=orgs) | Q(mentor__organisation__in=orgs))

    def pending(self):
        return self.filter(status=NetworkPairRequest.Status.PENDING)


class NetworkPairRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "ждёт решения методиста"
        ACCEPTED = "accepted", "принят, пара создана"
        DECLINED = "declined", "отклонён"

    organisation = models.ForeignKey(
        "schools.Organisation", verbose_name="организация наставляемого", on_delete=models.PROTECT,
        related_name="network_pair_requests", help_text="Школа, которая просит сетевую пару.",
    )
    mentee = models.ForeignKey(
        "mentors.Mentee", verbose_name="наставляемый", on_delete=models.CASCADE, related_name="network_requests"
    )
    mentor = models.ForeignKey(
        "mentors.MentorBankEntry", verbose_name="наставник", on_delete=models.CASCADE,
        related_name="network_requests", help_text="Наставник из банка наставников, работающий в другой организации.",
    )
    comment = models.TextField("пояснение школы", blank=True)
    status = models.CharField("состояние", max_length=20, choices=Status.choices, default=Status.PENDING)
    answer = models.TextField("ответ методиста", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто просит", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField("отправлен", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто решил", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("решение принято", null=True, blank=True)
    pair = models.ForeignKey(
        "mentors.Pair", verbose_name="созданная пара", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="network_requests",
    )

    objects = NetworkPairRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "запрос сетевой пары"
        verbose_name_plural = "запросы сетевых пар"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"], condition=Q(status="pending"), name="one_pending_network_request",
                violation_error_message="Такой запрос уже отправлен и ждёт решения методиста.",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(answer=""), name="network_request_decline_reason",
                violation_error_message="Укажите причину отказа: школа увидит её в запросе.",
            ),
        ]
        indexes = [models.Index(fields=["status", "-requested_at"], name="network_request_inbox_idx")]

    def __str__(self):
        return f"Запрос сетевой пары № {self.pk or '—'}"

    def get_absolute_url(self):
        return reverse("mentors:networkpairrequest_detail", args=[self.pk])

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
