"""Workflows of a monitoring campaign (plan item 18): open → schools fill, send → methodist accepts/returns.

Every function checks who may act and raises PermissionDenied / ValidationError with a Russian message;
nothing is changed when it refuses.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from salsk_mentoring.locking import lock_row
from salsk_mentoring.scoping import CHANGE, user_may

from .computations import compute
from .models import MonitoringCampaign, Submission, SubmissionValue
from .workflows import SUBMISSION


def _require_methodist(user, action):
    if user is None or not user.is_authenticated or not user.is_methodist:
        raise PermissionDenied(f"{action} может только методист.")


def build_submissions(campaign: MonitoringCampaign, *, organisation_ids=None, fill=None) -> int:
    """Create the missing submissions of a campaign with every value row, computed ones pre-filled.

    A handful of queries whatever the number of organisations (bulk inserts, one query per computed part).
    ``fill(value_row, organisation_id)`` may complete a row before it is inserted (demo data).
    """
    indicators = list(campaign.indicators.order_by("position"))
    wanted = set(organisation_ids or campaign.organisations.values_list("pk", flat=True))
    existing = set(campaign.submissions.values_list("organisation_id", flat=True))
    new_orgs = sorted(wanted - existing)
    if not new_orgs:
        return 0
    Submission.objects.bulk_create(
        [Submission(campaign=campaign, organisation_id=org_id) for org_id in new_orgs], batch_size=1000
    )
    subs = dict(
        campaign.submissions.filter(organisation_id__in=new_orgs).values_list("organisation_id", "pk")
    )
    computed = compute(indicators, new_orgs, year=campaign.academic_year)
    rows = []
    for org_id in new_orgs:
        for ind in indicators:
            num, den = computed.get((ind.pk, org_id), (None, None))
            value = SubmissionValue(
                submission_id=subs[org_id],
                indicator=ind,
                numerator=num,
                denominator=den,
                computed_numerator=num,
                computed_denominator=den,
            )
            if not ind.is_ratio:
                value.value = num
            else:
                value.recalculate()
            if fill is not None:
                fill(value, org_id)
            rows.append(value)
    SubmissionValue.objects.bulk_create(rows, batch_size=2000)
    return len(new_orgs)


@transaction.atomic
def campaign_open(*, user, campaign: MonitoringCampaign) -> int:
    """Start collecting: every organisation of the campaign gets its form. Returns how many were created."""
    _require_methodist(user, "Открыть мониторинг")
    lock_row(MonitoringCampaign, campaign.pk)
    locked = MonitoringCampaign.objects.for_user(user, CHANGE).get(pk=campaign.pk)
    if locked.status != MonitoringCampaign.Status.DRAFT:
        raise ValidationError(f"Мониторинг «{locked}» уже открыт.")
    if not locked.indicators.exists():
        raise ValidationError("Выберите показатели мониторинга, прежде чем открывать сбор.")
    if not locked.organisations.exists():
        raise ValidationError("Выберите организации, участвующие в мониторинге, прежде чем открывать сбор.")
    created = build_submissions(campaign)
    campaign.status = MonitoringCampaign.Status.OPEN
    campaign.opened_at = timezone.now()
    campaign._change_reason = "Открыт сбор"
    campaign._history_user = user
    campaign.save(update_fields=["status", "opened_at"])
    return created


@transaction.atomic
def campaign_close(*, user, campaign: MonitoringCampaign):
    _require_methodist(user, "Завершить мониторинг")
    if campaign.status != MonitoringCampaign.Status.OPEN:
        raise ValidationError("Завершить можно только мониторинг, по которому идёт сбор.")
    campaign.status = MonitoringCampaign.Status.CLOSED
    campaign._change_reason = "Сбор завершён"
    campaign._history_user = user
    campaign.save(update_fields=["status"])


def _check_school_may_edit(user, submission):
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Войдите в портал.")
    if user.is_methodist:
        return
    if not user.is_school or not user_may(user, CHANGE, submission):
        raise PermissionDenied("Изменять значения показателей может только сама организация или методист.")


def _check_editable(submission):
    if submission.campaign.status != MonitoringCampaign.Status.OPEN:
        raise ValidationError(
            f"Сбор по мониторингу «{submission.campaign}» не идёт: изменения не принимаются."
        )
    if submission.status == Submission.Status.ACCEPTED:
        raise ValidationError("Отчёт уже принят методистом: изменения не принимаются.")
    if submission.status == Submission.Status.SUBMITTED:
        raise ValidationError(
            "Отчёт отправлен и ждёт проверки: изменить его можно, если методист вернёт его на доработку."
        )


def parse_number(raw, *, label):
    """'12', '12,5', '' → Decimal or None; anything else → ValidationError in Russian."""
    if raw is None:
        return None
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"{label}: «{raw}» — не число.") from None
    if not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise ValidationError(f"{label}: «{raw}» — недопустимое число.")
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def submission_save(*, user, submission: Submission, values: dict, comment: str | None = None):
    """Store typed values: ``values`` maps indicator id → {"numerator", "denominator", "value", "comment"}.

    All-or-nothing: when any value is wrong, ValidationError lists every problem and nothing is saved.
    """
    _check_school_may_edit(user, submission)
    _check_editable(submission)
    rows = list(submission.values.select_related("indicator"))
    problems, changed = [], []
    for row in rows:
        typed = values.get(row.indicator_id)
        if typed is None:
            continue
        code = row.indicator.code
        before = (row.numerator, row.denominator, row.value, row.comment)
        try:
            if row.indicator.is_ratio:
                row.numerator = parse_number(typed.get("numerator"), label=f"{code}, числитель")
                row.denominator = parse_number(typed.get("denominator"), label=f"{code}, знаменатель")
            else:
                row.value = parse_number(typed.get("value"), label=code)
        except ValidationError as exc:
            problems.extend(exc.messages)
            continue
        row.comment = (typed.get("comment") or "").strip()[:500]
        row.recalculate()
        problems.extend(row.errors())
        if (row.numerator, row.denominator, row.value, row.comment) != before:
            changed.append(row)
    if problems:
        raise ValidationError(problems)
    for row in changed:  # only what changed gets a history record, by the person who typed it
        row._history_user = user
        row.save()
    if comment is not None and comment.strip() != submission.comment:
        submission.comment = comment.strip()
        submission._history_user = user
        submission.save(update_fields=["comment"])
    return rows


@transaction.atomic
def submission_submit(*, user, submission: Submission):
    """Send the form to the methodist; every value must be filled and valid (monitoring.workflows)."""
    SUBMISSION.begin(submission, "submit", user=user)
    if submission.campaign.status != MonitoringCampaign.Status.OPEN:
        raise ValidationError(f"Сбор по мониторингу «{submission.campaign}» не идёт: отчёты не принимаются.")
    rows = list(submission.values.select_related("indicator"))
    problems = []
    empty = [row.indicator.code for row in rows if not row.is_filled]
    if empty:
        problems.append(f"Не заполнены показатели: {', '.join(empty)}.")
    for row in rows:
        problems.extend(row.errors())
    if problems:
        raise ValidationError(problems)
    return SUBMISSION.finish(submission, "submit", user=user, submitted_at=timezone.now(), submitted_by=user)


@transaction.atomic
def submission_accept(*, user, submission: Submission):
    """A methodist accepts the sent report (one at a time or the ticked ones of the campaign page)."""
    SUBMISSION.begin(submission, "accept", user=user)
    return SUBMISSION.finish(
        submission, "accept", user=user, reviewed_at=timezone.now(), reviewed_by=user, return_comment=""
    )


@transaction.atomic
def submission_return(*, user, submission: Submission, comment: str):
    SUBMISSION.begin(submission, "return", user=user)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Напишите, что нужно исправить: без замечаний отчёт не возвращается."})
    return SUBMISSION.finish(
        submission,
        "return",
        user=user,
        comment=comment,
        reviewed_at=timezone.now(),
        reviewed_by=user,
        return_comment=comment,
    )


@transaction.atomic
def submission_refresh(*, user, submission: Submission):
    """Re-read the computed values from the registries (the school updated its teachers, pairs, IOMs)."""
    _check_school_may_edit(user, submission)
    _check_editable(submission)
    rows = list(submission.values.select_related("indicator"))
    computed = compute(
        [r.indicator for r in rows], [submission.organisation_id], year=submission.campaign.academic_year
    )
    for row in rows:
        if (row.indicator_id, submission.organisation_id) not in computed:
            continue
        num, den = computed[(row.indicator_id, submission.organisation_id)]
        row.computed_numerator, row.computed_denominator = num, den
        if num is not None:
            if row.indicator.is_ratio:
                row.numerator = num
            else:
                row.value = num
        if den is not None:
            row.denominator = den
        row.recalculate()
        row._history_user = user
        row.save()
    return rows
