"""Services of the mentor bank and of pairs. Their transitions are declared in mentors/workflows.py (who, when,
the Russian names); each service checks and moves the object through the table; refusals are in Russian."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from salsk_mentoring.locking import lock_row
from salsk_mentoring.scoping import CHANGE, user_may

from .models import Mentee, MentorBankEntry, MentoringForm, NetworkPairRequest, Pair, PublicationConsent
from .workflows import BANK, PAIR


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


@transaction.atomic
def bank_include(*, user, entry: MentorBankEntry) -> MentorBankEntry:
    """A methodist includes a proposed (or earlier excluded) teacher in the bank (mentors.workflows.BANK)."""
    BANK.begin(entry, "include", user=user)
    if not entry.teacher.is_active:
        raise ValidationError("Педагог не работает: включить его в банк наставников нельзя.")
    return BANK.finish(
        entry, "include", user=user, decided_by=user, decided_on=timezone.localdate(), exclusion_reason=""
    )


@transaction.atomic
def bank_exclude(*, user, entry: MentorBankEntry, reason: str) -> MentorBankEntry:
    """A methodist excludes a mentor from the bank (or declines a proposal); open pairs keep running."""
    BANK.begin(entry, "exclude", user=user)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Укажите причину исключения из банка наставников."})
    return BANK.finish(
        entry,
        "exclude",
        user=user,
        comment=reason.strip(),
        decided_by=user,
        decided_on=timezone.localdate(),
        exclusion_reason=reason.strip(),
    )


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


@transaction.atomic
def pair_start(*, user, pair: Pair) -> Pair:
    """The planned pair starts working: its rules (the bank of the year, the mentor's load) hold now."""
    PAIR.begin(pair, "start", user=user)
    pair.status = Pair.Status.ACTIVE  # the rules of an open pair, checked as it will be
    pair.check_rules(list(pair.mentees.all()))
    pair.status = Pair.Status.PLANNED
    return PAIR.finish(pair, "start", user=user)


@transaction.atomic
def pair_complete(*, user, pair: Pair, outcome: str = "") -> Pair:
    """The active pair has done its work; the result is kept when given."""
    PAIR.begin(pair, "complete", user=user)
    fields = {"outcome": outcome.strip()} if (outcome or "").strip() else {}
    return PAIR.finish(pair, "complete", user=user, **fields)


@transaction.atomic
def pair_terminate(*, user, pair: Pair, reason: str, outcome: str = "") -> Pair:
    """Stop a planned or active pair early, with a reason; it ends today (never before it started)."""
    PAIR.begin(pair, "terminate", user=user)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Укажите причину досрочного прекращения."})
    fields = {
        "termination_reason": reason.strip(),
        "end_date": max(pair.start_date, min(pair.end_date, timezone.localdate())),
    }
    if (outcome or "").strip():
        fields["outcome"] = outcome.strip()
    return PAIR.finish(pair, "terminate", user=user, comment=reason.strip(), **fields)


# --- network pair requests: a school asks, a methodist decides ---------------------------------------


def pending_network_requests(user):
    """The network pair requests waiting for a decision that concern ``user`` (newest first): a methodist's
    are all; a school's are those it made and those for its own teacher as mentor. For inboxes and
    dashboards; scoped like every list (``NetworkPairRequest.objects.for_user``)."""
    return (
        NetworkPairRequest.objects.for_user(user)
        .pending()
        .select_related("organisation", "mentee__teacher", "mentor__teacher", "mentor__organisation")
    )


def network_request_create(*, user, mentee: Mentee, mentor: MentorBankEntry, comment: str = "") -> NetworkPairRequest:
    """A school asks the methodist for a network pair of its ``mentee`` with ``mentor`` of another school."""
    _require(user, "mentors.add_networkpairrequest", message="Сетевую пару у методиста запрашивает школа.")
    if not user_may(user, CHANGE, mentee):
        raise PermissionDenied("Школа запрашивает сетевую пару только для своего наставляемого.")
    if mentor.organisation_id == mentee.organisation_id:
        raise ValidationError("Наставник работает в вашей организации: создайте пару сами, запрос не нужен.")
    if not mentor.is_included:
        raise ValidationError("Наставник не включён методистом в банк наставников.")
    if not MentorBankEntry.objects.public().filter(pk=mentor.pk).exists():
        raise ValidationError(
            "Наставник не дал согласия на распространение сведений о себе (или срок согласия истёк): "
            "сетевую пару с ним может создать только методист."
        )
    if not mentee.is_active:
        raise ValidationError("Наставляемый не участвует в наставничестве (снята отметка «Участвует»).")
    # Across schools on purpose: a mentee's open pair or a duplicate request counts wherever it is filed.
    pairs = Pair.objects.unscoped(reason="a mentee's open pairs in any school")
    current = pairs.current().filter(mentees=mentee).first()
    if current is not None:
        raise ValidationError(f"У наставляемого уже есть действующая пара № {current.pk} — новая не нужна.")
    requests = NetworkPairRequest.objects.unscoped(reason="a duplicate of a pending request")
    if requests.pending().filter(mentee=mentee, mentor=mentor).exists():
        raise ValidationError("Такой запрос уже отправлен и ждёт решения методиста.")
    entries = MentorBankEntry.objects.unscoped(reason="the mentor's load in every school")
    load = entries.with_load().get(pk=mentor.pk).load or 0
    if load >= mentor.max_mentees:
        raise ValidationError(f"У наставника нет свободных мест: {load} из {mentor.max_mentees}.")
    request = NetworkPairRequest(
        organisation=mentee.organisation, mentee=mentee, mentor=mentor, comment=comment.strip(), requested_by=user
    )
    request._history_user = user
    request.save()
    return request


def _decided(user, request_pk) -> NetworkPairRequest:
    """The request, locked for the decision; refused when someone has already decided it."""
    _require(user, "mentors.allow_network_pair", message="Решение по запросу сетевой пары принимает методист.")
    lock_row(NetworkPairRequest, request_pk)
    request = NetworkPairRequest.objects.for_user(user, CHANGE).get(pk=request_pk)
    if not request.is_pending:
        raise ValidationError(f"Запрос уже рассмотрен: {request.get_status_display()}.")
    request.decided_by = user
    request.decided_at = timezone.now()
    request._history_user = user
    return request


def network_request_accept(*, user, request: NetworkPairRequest) -> Pair:
    """Accept in one step: the network pair is created (the mentee's school, the mentor of the other one)."""
    with transaction.atomic():
        request = _decided(user, request.pk)
        mentor, mentee = request.mentor, request.mentee
        offered = list(mentor.forms.all())
        form = next((f for f in offered if f.code == "teacher_teacher"), offered[0] if offered else None)
        if form is None:
            form = MentoringForm.objects.filter(code="teacher_teacher").first()
        today = timezone.localdate()
        pair = Pair(
            organisation=request.organisation,
            year=mentor.year,
            mentor=mentor,
            form=form,
            start_date=today,
            end_date=max(mentor.year.end_date, today),
            status=Pair.Status.PLANNED,
            is_network=True,
        )
        pair._pending_mentees = [mentee]
        pair.full_clean()
        pair._history_user = user
        pair.save()
        pair.mentees.set([mentee])
        request.status = NetworkPairRequest.Status.ACCEPTED
        request.pair = pair
        request._change_reason = f"Принят: создана сетевая пара № {pair.pk}"
        request.save()
    return pair


def network_request_decline(*, user, request: NetworkPairRequest, answer: str) -> NetworkPairRequest:
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError("Укажите причину отказа: школа увидит её в запросе.")
    with transaction.atomic():
        request = _decided(user, request.pk)
        request.status = NetworkPairRequest.Status.DECLINED
        request.answer = answer
        request._change_reason = "Отклонён"
        request.save()
    return request
