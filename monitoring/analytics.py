"""Report data: targets, achieved values and deviations, computed with a fixed number of queries.

Achieved values come only from ACCEPTED submissions. The achieved value of a year is taken from its final
(«итоговый») campaign — the latest one of the year when none is marked final. School values add up to the
district by the indicator's rule: shares by their counts (Σ числителей / Σ знаменателей), numbers summed,
satisfaction levels averaged.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, FilteredRelation, Q, Sum
from django.utils import timezone

from schools.models import AcademicYear, Organisation

from .models import HUNDRED, Indicator, MonitoringCampaign, Submission, SubmissionValue, Target

#: Why the district totals read every school's accepted values: they are sums shown to whoever may see the
#: report (a school compares itself with the district), never a school's rows.
DISTRICT_TOTALS = "district totals: sums of accepted values, no school's rows"

def year_campaign(year, user=None) -> MonitoringCampaign | None:
    """The campaign whose accepted values are the year's results."""
    qs = MonitoringCampaign.objects.for_user(user) if user is not None else MonitoringCampaign.objects.all()
    qs = qs.filter(academic_year=year).exclude(status=MonitoringCampaign.Status.DRAFT)
    return qs.order_by("kind", "-deadline", "-pk").first()  # "final" < "interim": final first


def in_municipality(municipality, prefix="organisation"):
    """Rows of ``municipality``'s organisations, as ``organisation IN (…)``: with the campaign that reads the
    (campaign, organisation) index instead of every submission of a region-wide campaign."""
    return Q(**{f"{prefix}__in": Organisation.objects.filter(municipality=municipality).values("pk")})


@dataclass
class Totals:
    """Sums over the accepted submissions of one campaign for one indicator (computed by the database)."""

    numerator: Decimal | None = None
    denominator: Decimal | None = None
    total: Decimal | None = None
    mean: Decimal | None = None
    organisations: int = 0

    def achieved(self, indicator: Indicator):
        if indicator.aggregation == "ratio":
            if self.denominator is None or self.denominator == 0:
                return None
            return (self.numerator / self.denominator * HUNDRED).quantize(Decimal("0.01"))
        if indicator.aggregation == "mean":
            return self.mean
        return self.total


def _dec(value):
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def accepted_totals(campaign_ids, *, municipality=None, indicator_ids=None) -> dict:
    """(campaign id, indicator id) → :class:`Totals`: ONE grouped query for any number of organisations.

    ``municipality``: only that municipality's organisations (None — every organisation of the campaign).
    ``indicator_ids``: only these indicators (None — all): one indicator of a region-wide campaign reads its
    ≈2,000 values through the (submission, indicator) key instead of all ≈45,000.
    """
    both = Q(numerator__isnull=False, denominator__isnull=False)
    values = SubmissionValue.objects.unscoped(reason=DISTRICT_TOTALS).filter(
        submission__campaign_id__in=list(campaign_ids), submission__status=Submission.Status.ACCEPTED
    )
    if indicator_ids is not None:
        values = values.filter(indicator_id__in=list(indicator_ids))
    if municipality is not None:
        values = values.filter(in_municipality(municipality, "submission__organisation"))
    rows = (
        values.order_by()
        .values("submission__campaign_id", "indicator_id")
        .annotate(
            num=Sum("numerator", filter=both),
            den=Sum("denominator", filter=both),
            total=Sum("value"),
            mean=Avg("value"),
            n=Count("pk"),
        )
    )
    return {
        (r["submission__campaign_id"], r["indicator_id"]): Totals(
            _dec(r["num"]), _dec(r["den"]), _dec(r["total"]), _dec(r["mean"]), r["n"]
        )
        for r in rows
    }


def campaign_has_results(campaign, *, municipality=None) -> bool:
    """``district_report(…).has_results`` without computing the totals: is there one accepted value that gives an
    active indicator an achieved value? For a share, a numerator and a non-zero denominator (denominators are
    never negative, so their sum is 0 only when each is); for a number or a level, a value."""
    indicators = active_indicators()
    values = SubmissionValue.objects.unscoped(reason=DISTRICT_TOTALS).filter(
        submission__campaign=campaign, submission__status=Submission.Status.ACCEPTED
    )
    if municipality is not None:
        values = values.filter(in_municipality(municipality, "submission__organisation"))
    share = Q(
        indicator_id__in=[i.pk for i in indicators if i.is_ratio],
        numerator__isnull=False,
        denominator__isnull=False,
    ) & ~Q(denominator=0)
    number = Q(indicator_id__in=[i.pk for i in indicators if not i.is_ratio], value__isnull=False)
    return values.filter(share | number).exists()


def targets_map(year_ids, *, organisation_ids=None, municipality=None):
    """(year id, indicator id, level, org id or None) → value — one query.

    District targets are each municipality's own (``Target.municipality``): ``municipality`` (an instance,
    a pk or a subquery of one) chooses whose; without it — the default municipality's (Сальский район, whose
    portal this is; also for a report of every municipality, which has no district target of its own).
    """
    # The targets of the organisations the caller names (a school's report: its own) and the shared levels.
    qs = Target.objects.unscoped(reason="targets of the organisations the caller passes").filter(
        academic_year_id__in=list(year_ids)
    ).order_by()
    whose = Q(municipality__is_default=True) if municipality is None else Q(municipality=municipality)
    qs = qs.exclude(~whose, level=Target.Level.DISTRICT)
    if organisation_ids is not None:
        # By level, not «organisation IS NULL»: the (year, level) index, not a scan of every school's targets.
        shared = Q(level__in=[Target.Level.REGION, Target.Level.DISTRICT])
        qs = qs.filter(shared | Q(organisation_id__in=list(organisation_ids)) if organisation_ids else shared)
    return {
        (y, i, level, org): value
        for y, i, level, org, value in qs.values_list(
            "academic_year_id", "indicator_id", "level", "organisation_id", "value"
        )
    }


@dataclass
class Row:
    indicator: Indicator
    target: Decimal | None = None
    achieved: Decimal | None = None
    regional: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    organisations: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def deviation(self):
        return self.indicator.deviation(self.achieved, self.target)

    @property
    def regional_deviation(self):
        return self.indicator.deviation(self.achieved, self.regional)

    @property
    def status(self):
        if self.achieved is None:
            return "нет данных"
        if self.target is None:
            return "цель не задана"
        return "достигнут" if self.deviation >= 0 else "не достигнут"

    @property
    def status_class(self):
        return {"достигнут": "ok", "не достигнут": "bad"}.get(self.status, "none")

    def fmt(self, name):
        return self.indicator.display(getattr(self, name))

    @property
    def deviation_text(self):
        dev = self.deviation
        if dev is None:
            return "—"
        sign = "+" if dev > 0 else ""
        return sign + self.indicator.display(dev)


def active_indicators():
    return list(Indicator.objects.filter(is_active=True).order_by("position", "code"))


@dataclass
class DistrictReport:
    year: AcademicYear
    campaign: MonitoringCampaign | None
    rows: list[Row]
    accepted: int
    expected: int

    @property
    def has_results(self):
        return any(row.achieved is not None for row in self.rows)


def _district_row(indicator, year, campaign, totals, targets, **extra) -> Row:
    """The district's row of ``indicator`` in ``year``: its district and regional targets (``targets_map``) and
    what the accepted submissions of ``campaign`` (None: no campaign) achieved (``accepted_totals``)."""
    t = totals.get((campaign.pk, indicator.pk), Totals()) if campaign else Totals()
    return Row(
        indicator=indicator,
        target=targets.get((year.pk, indicator.pk, Target.Level.DISTRICT, None)),
        regional=targets.get((year.pk, indicator.pk, Target.Level.REGION, None)),
        achieved=t.achieved(indicator),
        numerator=t.numerator if indicator.is_ratio else None,
        denominator=t.denominator if indicator.is_ratio else None,
        organisations=t.organisations,
        **extra,
    )


def district_report(
    year: AcademicYear, *, user=None, campaign: MonitoringCampaign | None = None, municipality=None
) -> DistrictReport:
    """Appendix 1 layout: each indicator — district target, achieved, regional value, deviation.

    ``municipality`` limits the results to its organisations (None — every organisation of the campaign).
    """
    campaign = campaign or year_campaign(year, user)
    indicators = active_indicators()
    targets = targets_map([year.pk], organisation_ids=[], municipality=municipality)
    totals = accepted_totals([campaign.pk], municipality=municipality) if campaign else {}
    expected = accepted = 0
    if campaign is not None:
        submissions = campaign.submissions.order_by()
        if municipality is not None:
            submissions = submissions.filter(in_municipality(municipality))
        counts = submissions.aggregate(
            expected=Count("pk"), accepted=Count("pk", filter=Q(status=Submission.Status.ACCEPTED))
        )
        expected, accepted = counts["expected"], counts["accepted"]
    rows = [_district_row(ind, year, campaign, totals, targets) for ind in indicators]
    return DistrictReport(year=year, campaign=campaign, rows=rows, accepted=accepted, expected=expected)


def organisation_report(organisation: Organisation, year: AcademicYear, *, user=None):
    """One organisation: its targets, its values in each campaign of the year, and the district result."""
    campaigns = (
        list(
            MonitoringCampaign.objects.for_user(user)
            .filter(academic_year=year)
            .exclude(status=MonitoringCampaign.Status.DRAFT)
            .order_by("opens_on", "pk")
        )
        if user is not None
        else list(MonitoringCampaign.objects.filter(academic_year=year).order_by("opens_on", "pk"))
    )
    readable = (
        Submission.objects.for_user(user)
        if user is not None
        else Submission.objects.unscoped(reason="a document of one organisation's report, no user")
    )
    submissions = {s.campaign_id: s for s in readable.filter(campaign__in=campaigns, organisation=organisation)}
    own = defaultdict(dict)
    for campaign_id, indicator_id, num, den, value in SubmissionValue.objects.unscoped(
        reason="the values of the submissions read above"
    ).filter(
        submission__in=list(submissions.values())
    ).values_list("submission__campaign_id", "indicator_id", "numerator", "denominator", "value"):
        own[indicator_id][campaign_id] = (num, den, value)
    targets = targets_map([year.pk], organisation_ids=[organisation.pk], municipality=organisation.municipality_id)
    final = year_campaign(year, user)
    district = accepted_totals([final.pk]) if final else {}
    rows = []
    for ind in active_indicators():
        final_sub = submissions.get(final.pk) if final else None
        achieved = None
        if final_sub is not None and final_sub.status == Submission.Status.ACCEPTED:
            achieved = own[ind.pk].get(final.pk, (None, None, None))[2]
        row = Row(
            indicator=ind,
            target=targets.get((year.pk, ind.pk, Target.Level.ORGANISATION, organisation.pk)),
            regional=targets.get((year.pk, ind.pk, Target.Level.REGION, None)),
            achieved=achieved,
        )
        row.extra["district_target"] = targets.get((year.pk, ind.pk, Target.Level.DISTRICT, None))
        row.extra["district"] = (
            district[(final.pk, ind.pk)].achieved(ind) if (final and (final.pk, ind.pk) in district) else None
        )
        row.extra["by_campaign"] = [own[ind.pk].get(c.pk, (None, None, None))[2] for c in campaigns]
        rows.append(row)
    return {"campaigns": campaigns, "submissions": submissions, "rows": rows, "final": final}


def comparison(indicator: Indicator, campaign: MonitoringCampaign, *, user=None, municipality=None):
    """Every organisation of a campaign on one indicator: value (any status), its target, deviation.

    ``queryset`` holds the submissions annotated with the value and the organisation's target and ordered best
    first by the database, so a page of it or the chart's best and worst cost one small query each whatever the
    number of organisations; :func:`comparison_rows` turns submissions of it into report rows.
    """
    subs = (Submission.objects.for_user(user) if user is not None else Submission.objects.all()).filter(
        campaign=campaign
    )
    if municipality is not None:
        subs = subs.filter(in_municipality(municipality))
    base = subs
    # Two LEFT JOINs on unique keys — (submission, indicator) and (indicator, year, organisation) — instead of
    # a correlated subquery per column and row.
    subs = subs.annotate(
        cmp=FilteredRelation("values", condition=Q(values__indicator=indicator)),
        cmp_goal=FilteredRelation(
            "organisation__monitoring_targets",
            condition=Q(
                organisation__monitoring_targets__indicator=indicator,
                organisation__monitoring_targets__academic_year_id=campaign.academic_year_id,
                organisation__monitoring_targets__level=Target.Level.ORGANISATION,
            ),
        ),
    ).annotate(
        cmp_value=F("cmp__value"),
        cmp_numerator=F("cmp__numerator"),
        cmp_denominator=F("cmp__denominator"),
        cmp_target=F("cmp_goal__value"),
    )
    best_first = F("cmp_value").desc(nulls_last=True) if indicator.higher_is_better else F("cmp_value").asc(
        nulls_last=True
    )
    subs = subs.select_related("organisation").order_by(best_first, "organisation__short_name", "pk")
    totals = accepted_totals([campaign.pk], municipality=municipality, indicator_ids=[indicator.pk]).get(
        (campaign.pk, indicator.pk), Totals()
    )
    targets = targets_map([campaign.academic_year_id], organisation_ids=[], municipality=municipality)
    y = campaign.academic_year_id
    return {
        "queryset": subs,
        # The same submissions without the value and target joins: counted through the campaign's index.
        "submissions": base,
        "district": totals.achieved(indicator),
        "district_target": targets.get((y, indicator.pk, Target.Level.DISTRICT, None)),
        "regional": targets.get((y, indicator.pk, Target.Level.REGION, None)),
    }


def comparison_rows(indicator: Indicator, submissions) -> list[Row]:
    """Report rows of submissions from :func:`comparison`'s queryset."""
    rows = []
    for sub in submissions:
        row = Row(
            indicator=indicator,
            target=sub.cmp_target,
            achieved=sub.cmp_value,
            numerator=sub.cmp_numerator,
            denominator=sub.cmp_denominator,
        )
        row.extra.update(
            submission=sub, organisation=sub.organisation, accepted=sub.status == Submission.Status.ACCEPTED
        )
        rows.append(row)
    return rows


def year_over_year(*, user=None, years=None, municipality=None):
    """Each indicator × each academic year: district target, achieved (the year's campaign), regional."""
    years = list(years if years is not None else AcademicYear.objects.order_by("start_year"))
    campaigns = {}
    for campaign in (
        MonitoringCampaign.objects.for_user(user)
        .filter(academic_year__in=years)
        .exclude(status=MonitoringCampaign.Status.DRAFT)
        .order_by("academic_year_id", "kind", "-deadline", "-pk")
    ):
        campaigns.setdefault(campaign.academic_year_id, campaign)
    totals = accepted_totals([c.pk for c in campaigns.values()], municipality=municipality)
    targets = targets_map([y.pk for y in years], organisation_ids=[], municipality=municipality)
    table = []
    for ind in active_indicators():
        cells = [
            _district_row(ind, y, c, totals, targets, extra={"year": y, "campaign": c})
            for y, c in ((y, campaigns.get(y.pk)) for y in years)
        ]
        table.append((ind, cells))
    return {"years": years, "table": table}


def campaign_overview(campaign: MonitoringCampaign, *, municipality=None):
    """Submissions of a campaign by status, with late and missing ones — two queries."""
    subs = campaign.submissions.select_related("organisation__municipality")
    if municipality is not None:
        subs = subs.filter(in_municipality(municipality))
    subs = sorted(subs, key=lambda s: s.organisation.sort_key())
    by_status = defaultdict(list)
    for s in subs:
        s.campaign = campaign
        by_status[s.status].append(s)
    late = [s for s in subs if s.submitted_at is not None and s.is_late]
    missing = [s for s in subs if s.submitted_at is None or s.status == Submission.Status.RETURNED]
    overdue_missing = [s for s in missing if s.is_late]
    by_municipality = defaultdict(list)
    for s in missing:
        by_municipality[s.organisation.municipality].append(s)
    return {
        # Region-wide, the brief lists who is missing by municipality: a row each, not one per organisation.
        "missing_by_municipality": sorted(by_municipality.items(), key=lambda pair: pair[0].name),
        "submissions": subs,
        "by_status": dict(by_status),
        "late": late,
        "missing": missing,
        "overdue_missing": overdue_missing,
    }


def campaign_summary(campaign: MonitoringCampaign, *, limit: int = 60):
    """The campaign page at any scale: counts by status and the first ``limit`` missing / late submissions,
    each list one query (the full lists are in :func:`campaign_overview`, used by the analytical brief)."""
    S = Submission.Status
    counts = dict(campaign.submissions.order_by().values_list("status").annotate(n=Count("pk")))
    base = campaign.submissions.select_related("organisation").order_by("organisation__short_name")
    missing_qs = base.filter(status__in=[S.DRAFT, S.RETURNED])
    # Sent on a (local) day after the deadline; a range on the column, not a per-row date cast.
    after_deadline = timezone.make_aware(
        datetime.datetime.combine(campaign.deadline + datetime.timedelta(days=1), datetime.time.min)
    )
    late_qs = base.filter(submitted_at__gte=after_deadline)
    missing, late = list(missing_qs[:limit]), list(late_qs[:limit])
    for s in missing + late:
        s.campaign = campaign
    missing_count = counts.get(S.DRAFT, 0) + counts.get(S.RETURNED, 0)
    late_count = len(late) if len(late) < limit else late_qs.count()
    return {
        "counts": counts,
        "missing": missing,
        "missing_count": missing_count,
        "missing_more": missing_count - len(missing),
        "late": late,
        "late_count": late_count,
        "late_more": late_count - len(late),
        "overdue": timezone.localdate() > campaign.deadline,
    }
