"""Health of pairs for the school and the district: on track, no meeting for 30 days, ending soon."""

from datetime import date, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from .models import FeedbackSurvey, Meeting, Pair

STALE_DAYS = 30
ENDING_DAYS = 30
SURVEY_AFTER_DAYS = 30


def as_of(pairs, year) -> date:
    """The day the board describes: today inside the current academic year; for a year that is over
    (the real data of Order 866 is 2021-2022), the day of the last meeting logged in it."""
    today = timezone.localdate()
    if year is None or year.contains(today) or today < year.start_date:
        return today
    last = Meeting.objects.filter(pair__in=pairs).aggregate(day=Max("date"))["day"]
    return min(last or year.end_date, year.end_date)


def with_health(qs):
    last = Meeting.objects.filter(pair=OuterRef("pk")).order_by("-date").values("date")[:1]
    month_survey = FeedbackSurvey.objects.filter(pair=OuterRef("pk"), point=FeedbackSurvey.Point.MONTH)
    end_survey = FeedbackSurvey.objects.filter(pair=OuterRef("pk"), point=FeedbackSurvey.Point.END)
    return qs.annotate(
        last_meeting=Subquery(last), has_month_survey=Exists(month_survey), has_end_survey=Exists(end_survey)
    )


def conditions(today=None):
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=STALE_DAYS)
    active = Q(status=Pair.Status.ACTIVE)
    stale = active & (Q(last_meeting__lt=cutoff) | Q(last_meeting__isnull=True, start_date__lt=cutoff))
    ending = active & Q(end_date__gte=today, end_date__lte=today + timedelta(days=ENDING_DAYS))
    survey_due = (
        active & Q(start_date__lte=today - timedelta(days=SURVEY_AFTER_DAYS), has_month_survey=False)
    ) | Q(status=Pair.Status.COMPLETED, has_end_survey=False, end_date__gte=today - timedelta(days=60))
    return {"active": active, "stale": stale, "ending": ending, "survey_due": survey_due,
            "planned": Q(status=Pair.Status.PLANNED)}  # fmt: skip


def summary(qs, today=None) -> dict:
    c = conditions(today)
    data = with_health(qs).aggregate(
        active=Count("pk", filter=c["active"]),
        stale=Count("pk", filter=c["stale"]),
        ending=Count("pk", filter=c["ending"]),
        survey_due=Count("pk", filter=c["survey_due"]),
        planned=Count("pk", filter=c["planned"]),
    )
    data["on_track"] = data["active"] - data["stale"]
    return data


def by_organisation(qs, today=None, limit=None):
    c = conditions(today)
    rows = (
        with_health(qs).filter(status__in=Pair.OPEN_STATUSES)
        .values("organisation_id", "organisation__short_name")
        .annotate(
            active=Count("pk", filter=c["active"]), stale=Count("pk", filter=c["stale"]),
            ending=Count("pk", filter=c["ending"]), planned=Count("pk", filter=c["planned"]),
        )
        .order_by("-stale", "organisation__short_name")
    )  # fmt: skip
    rows = list(rows[:limit] if limit else rows)
    for row in rows:
        row["on_track"] = row["active"] - row["stale"]
    return rows


def pairs_in(qs, key, today=None, limit=50):
    return list(
        with_health(qs).filter(conditions(today)[key])
        .select_related("mentor__teacher", "organisation")
        .prefetch_related("mentees__teacher")
        .order_by("end_date" if key == "ending" else "last_meeting", "pk")[:limit]
    )  # fmt: skip
