"""Workflows of the mentor bank and of pairs: who may do what, with Russian reasons."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from salsk_mentoring.scoping import CHANGE, user_may

from .models import MentorBankEntry, Pair, PublicationConsent


def _require(user, perm, obj=None, message="Действие вам недоступно."):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def bank_propose(*, user, teacher, year, competencies, max_mentees=2, forms=(), **fields) -> MentorBankEntry:
    """A school (or a methodist) proposes its teacher for the mentor bank of ``year``."""
    _require(user, "mentors.add_mentorbankentry", message="Предлагать наставников могут школа и методист.")
    if not user_may(user, CHANGE, teacher):
        raise PermissionDenied("Школа предлагает в банк наставников только своих педагогов.")
    entry = MentorBankEntry(
        teacher=teacher,
        organisation=teacher.organisation,
        year=year,
        competencies=competencies,
        max_mentees=max_mentees,
        proposed_by=user,
        status=MentorBankEntry.Status.PROPOSED,
        **fields,
    )
    entry.full_clean()
    entry._history_user = user
    with transaction.atomic():
        entry.save()
        if forms:
            entry.forms.set(forms)
    return entry


def bank_include(*, user, entry: MentorBankEntry) -> MentorBankEntry:
    """A methodist includes a proposed (or earlier excluded) teacher in the bank."""
    _require(
        user, "mentors.decide_mentorbankentry", entry, "Включать в банк наставников может только методист."
    )
    if entry.status == MentorBankEntry.Status.INCLUDED:
        raise ValidationError("Педагог уже включён в банк наставников.")
    if not entry.teacher.is_active:
        raise ValidationError("Педагог не работает: включить его в банк наставников нельзя.")
    entry.status = MentorBankEntry.Status.INCLUDED
    entry.decided_by = user
    entry.decided_on = timezone.localdate()
    entry.exclusion_reason = ""
    entry._history_user = user
    entry._change_reason = "Включён в банк наставников"
    entry.save()
    return entry


def bank_exclude(*, user, entry: MentorBankEntry, reason: str) -> MentorBankEntry:
    """A methodist excludes a mentor from the bank; open pairs keep running until they end."""
    _require(
        user, "mentors.decide_mentorbankentry", entry, "Исключать из банка наставников может только методист."
    )
    if entry.status == MentorBankEntry.Status.EXCLUDED:
        raise ValidationError("Педагог уже исключён из банка наставников.")
    if not (reason or "").strip():
        raise ValidationError({"exclusion_reason": "Укажите причину исключения из банка наставников."})
    entry.status = MentorBankEntry.Status.EXCLUDED
    entry.decided_by = user
    entry.decided_on = timezone.localdate()
    entry.exclusion_reason = reason.strip()
    entry._history_user = user
    entry._change_reason = "Исключён из банка наставников"
    entry.save()
    return entry


def consent_withdraw(*, user, consent: PublicationConsent, note: str = "") -> PublicationConsent:
    """The mentor withdraws consent: the public card disappears at once (152-ФЗ, art. 10.1, p. 12)."""
    _require(user, "mentors.change_publicationconsent", consent, "Отметить отзыв согласия вам недоступно.")
    if consent.withdrawn_on:
        raise ValidationError("Согласие уже отозвано.")
    consent.withdrawn_on = timezone.localdate()
    consent.withdrawal_note = note.strip() or "Отзыв согласия субъектом персональных данных"
    consent._history_user = user
    consent._change_reason = "Согласие отозвано"
    consent.save()
    return consent


def pair_set_status(*, user, pair: Pair, status: str, reason: str = "", outcome: str = "") -> Pair:
    """Start, complete or terminate a pair (terminating needs a reason)."""
    _require(user, "mentors.change_pair", pair, "Менять статус этой пары вам недоступно.")
    allowed = {
        Pair.Status.PLANNED: {Pair.Status.ACTIVE, Pair.Status.TERMINATED},
        Pair.Status.ACTIVE: {Pair.Status.COMPLETED, Pair.Status.TERMINATED},
    }
    if status not in allowed.get(pair.status, set()):
        raise ValidationError(
            f"Пару в статусе «{pair.get_status_display()}» нельзя перевести в «{Pair.Status(status).label}»."
        )
    pair.status = status
    if status == Pair.Status.TERMINATED:
        if not reason.strip():
            raise ValidationError({"termination_reason": "Укажите причину досрочного прекращения."})
        pair.termination_reason = reason.strip()
        pair.end_date = max(pair.start_date, min(pair.end_date, timezone.localdate()))
    if outcome.strip():
        pair.outcome = outcome.strip()
    pair.check_rules(list(pair.mentees.all()))
    pair._history_user = user
    pair._change_reason = f"Статус: {pair.get_status_display()}"
    pair.save()
    return pair
