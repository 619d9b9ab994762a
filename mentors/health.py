"""Health of pairs for the school and the district: on track, no meeting for 30 days, ending soon.

Works on the pair's stored activity fields (``Pair.last_meeting``, ``has_month_survey``, ``has_end_survey``),
which signals keep current on every meeting and survey written (mentors/signals.py)."""

from datetime import date, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from salsk_mentoring.pagination import rows_by_keys
from schools.models import Organisation

from .models import Pair

STALE_DAYS = 30
ENDING_DAYS = 30
SURVEY_AFTER_DAYS = 30


def as_of(pairs, year) -> date:
    """The day the board describes: today inside the current academic year; for a year that is over
    (the real data of Order 866 is 2021-2022), the day of the last meeting logged in it."""
    today = timezone.localdate()
    if year is None or year.contains(today) or today < year.start_date:
        return today
    last = pairs.aggregate(day=Max("last_meeting"))["day"]
    return min(last or year.end_date, year.end_date)


#: An ended pair's survey «по завершении» is waited for this many days after its end.
END_SURVEY_WAIT_DAYS = 60


def continues_last_year() -> Exists:
    """The pair continues last year's pair: its mentor had a pair in the same organisation the academic year
    before («Новый учебный год» carries it from 01.09). Its survey «через месяц» was due then, not again."""
    return Exists(
        Pair.objects.unscoped(reason="a pair's own predecessor, in its own organisation").filter(
            mentor__teacher_id=OuterRef("mentor__teacher_id"),
            organisation_id=OuterRef("organisation_id"),
            year__start_year=OuterRef("year__start_year") - 1,
        )
    )


def month_survey_due(today, *, warn_days=0) -> Q:
    """THE rule of the survey «через месяц»: an active pair that began this year (not a continued one), a month
    old (``warn_days`` earlier for «Мои задачи», which lists a duty before its date), without the survey.

    The health board's «ждут анкеты», the dashboard's figure and the surveys due in «Мои задачи» all read it."""
    started_by = today - timedelta(days=SURVEY_AFTER_DAYS - warn_days)
    return Q(status=Pair.Status.ACTIVE, start_date__lte=started_by, has_month_survey=False) & ~continues_last_year()


def end_survey_due(today) -> Q:
    """THE rule of the survey «по завершении»: a completed pair without it, ended within 60 days."""
    ended_since = today - timedelta(days=END_SURVEY_WAIT_DAYS)
    return Q(status=Pair.Status.COMPLETED, has_end_survey=False, end_date__gte=ended_since)


def conditions(today=None):
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=STALE_DAYS)
    active = Q(status=Pair.Status.ACTIVE)
    stale = active & (Q(last_meeting__lt=cutoff) | Q(last_meeting__isnull=True, start_date__lt=cutoff))
    ending = active & Q(end_date__gte=today, end_date__lte=today + timedelta(days=ENDING_DAYS))
    survey_due = month_survey_due(today) | end_survey_due(today)
    return {"active": active, "stale": stale, "ending": ending, "survey_due": survey_due,
            "planned": Q(status=Pair.Status.PLANNED)}  # fmt: skip


COUNTED = ("active", "stale", "ending", "survey_due", "planned")


def _counts(c):
    return {key: Count("pk", filter=c[key]) for key in COUNTED}


def summary(qs, today=None) -> dict:
    """The counts of the board's cards in one aggregate (the dashboard widget)."""
    data = qs.aggregate(**_counts(conditions(today)))
    data["on_track"] = data["active"] - data["stale"]
    return data


def board(qs, today=None, limit=100) -> tuple[dict, list[dict]]:
    """The totals and the organisations with open pairs (most stale first), from one grouped query.

    The totals are the sums of the organisations' rows, so a region's 19,000 pairs are read once; the
    index ``pair_health_idx`` covers every column the conditions read."""
    groups = list(qs.order_by().values("organisation_id").annotate(**_counts(conditions(today))))
    total = {key: sum(g[key] for g in groups) for key in COUNTED}
    total["on_track"] = total["active"] - total["stale"]
    open_groups = [g for g in groups if g["active"] or g["planned"]]
    # The organisations as a subquery of the pairs, not a list of 2,000 parameters.
    names = dict(
        Organisation.objects.unscoped(reason="the names of the organisations of pairs read through for_user")
        .filter(pk__in=qs.order_by().values("organisation_id")).values_list("pk", "short_name")
    )
    for g in open_groups:
        g["organisation__short_name"] = names.get(g["organisation_id"], "")
        g["on_track"] = g["active"] - g["stale"]
    open_groups.sort(key=lambda g: (-g["stale"], g["organisation__short_name"]))
    return total, open_groups[:limit] if limit else open_groups


def pairs_in(qs, key, today=None, limit=50):
    """The first ``limit`` pairs of a card, keys first (``pair_activity_idx`` serves the order)."""
    return rows_by_keys(
        qs.filter(conditions(today)[key])
        .select_related("mentor__teacher", "organisation")
        .prefetch_related("mentees__teacher")
        .order_by("end_date" if key == "ending" else "last_meeting", "pk")[:limit]
    )  # fmt: skip
