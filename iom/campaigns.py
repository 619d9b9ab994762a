"""Figures of a submission campaign per organisation, in one query whatever the number of organisations.

due       — active young specialists (teaching experience 0–3 years) of the organisation;
submitted — IOMs of the campaign's year awaiting review;
returned  — IOMs returned for corrections;
approved  — IOMs approved (also those in progress or completed);
missing   — young specialists whose IOM is neither on review nor approved (no IOM, draft, agreed, returned);
overdue   — ``missing`` once the deadline has passed.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentors.models import YOUNG_SPECIALIST_MAX_YEARS, Teacher
from schools.models import Organisation

from .models import Iom, IomCampaign

COLUMNS = ("due", "submitted", "returned", "approved", "missing", "overdue")


def _count(qs):
    counted = qs.order_by().values("organisation_id").annotate(c=Count("pk")).values("c")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def campaign_organisations(campaign, user):
    """The campaign's organisations the user may see, annotated with the campaign figures."""
    ioms = Iom.objects.filter(organisation=OuterRef("pk"), academic_year_id=campaign.academic_year_id)
    young = Teacher.objects.filter(
        organisation=OuterRef("pk"), is_active=True, teaching_experience__lte=YOUNG_SPECIALIST_MAX_YEARS
    )
    return (
        Organisation.objects.for_user(user)
        .filter(iom_campaigns=campaign)
        .select_related("municipality")
        .annotate(
            due=_count(young),
            submitted=_count(ioms.filter(status__in=Iom.ON_REVIEW)),
            returned=_count(ioms.filter(status=Iom.Status.RETURNED)),
            approved=_count(ioms.filter(status__in=Iom.ACCEPTED)),
            ioms_total=_count(ioms),
        )
        .order_by("short_name")
    )


class Row:
    """One organisation's line of the campaign table."""

    def __init__(self, org, overdue_now: bool):
        self.pk = org.pk
        self.organisation = org
        self.short_name = org.short_name
        self.municipality = org.municipality.name
        self.due = org.due
        self.submitted = org.submitted
        self.returned = org.returned
        self.approved = org.approved
        self.ioms_total = org.ioms_total
        self.missing = max(0, self.due - self.submitted - self.approved)
        self.overdue = self.missing if overdue_now else 0
        self.behind = self.missing > 0

    def values(self):
        return [self.short_name, *(getattr(self, c) for c in COLUMNS)]


def campaign_rows(campaign, user, today=None):
    today = today or timezone.localdate()
    overdue_now = today > campaign.deadline
    return [Row(org, overdue_now) for org in campaign_organisations(campaign, user)]


def totals(rows):
    return {c: sum(getattr(r, c) for r in rows) for c in COLUMNS}


def campaign_figures(campaign, user, today=None):
    """The campaign's totals (as :func:`totals` of all its rows) and how many organisations are behind, from
    two grouped queries: the page shows one page of organisations, and a region has 2,000 of them."""
    today = today or timezone.localdate()
    overdue_now = today > campaign.deadline
    orgs = Organisation.objects.for_user(user).filter(iom_campaigns=campaign).values("pk")
    due = dict(
        Teacher.objects.for_user(user).filter(
            organisation__in=orgs, is_active=True, teaching_experience__lte=YOUNG_SPECIALIST_MAX_YEARS
        )
        .order_by().values("organisation_id").annotate(n=Count("pk")).values_list("organisation_id", "n")
    )  # fmt: skip
    ioms = {
        row["organisation_id"]: row
        for row in Iom.objects.for_user(user).filter(organisation__in=orgs, academic_year_id=campaign.academic_year_id)
        .order_by().values("organisation_id")
        .annotate(
            submitted=Count("pk", filter=Q(status__in=Iom.ON_REVIEW)),
            returned=Count("pk", filter=Q(status=Iom.Status.RETURNED)),
            approved=Count("pk", filter=Q(status__in=Iom.ACCEPTED)),
        )
    }  # fmt: skip
    result = dict.fromkeys(COLUMNS, 0)
    behind = 0
    for pk in due.keys() | ioms.keys():
        row = ioms.get(pk, {})
        submitted, returned, approved = (row.get(c, 0) for c in ("submitted", "returned", "approved"))
        missing = max(0, due.get(pk, 0) - submitted - approved)
        result["due"] += due.get(pk, 0)
        result["submitted"] += submitted
        result["returned"] += returned
        result["approved"] += approved
        result["missing"] += missing
        result["overdue"] += missing if overdue_now else 0
        behind += missing > 0
    return {"totals": result, "behind": behind, "overdue_now": overdue_now}


def campaign_summary_counts(campaign):
    """District-wide figures of a campaign in one aggregate query (dashboard)."""
    return Iom.objects.filter(
        academic_year_id=campaign.academic_year_id, organisation__iom_campaigns=campaign
    ).aggregate(
        submitted=Count("pk", filter=Q(status__in=Iom.ON_REVIEW)),
        returned=Count("pk", filter=Q(status=Iom.Status.RETURNED)),
        approved=Count("pk", filter=Q(status__in=Iom.ACCEPTED)),
    )


class MunicipalityRow:
    """Sum of the organisations' lines of one municipality (the region-wide PDF summary)."""

    def __init__(self, name, rows):
        self.short_name = f"{name} ({len(rows)} орг.)"
        for column in COLUMNS:
            setattr(self, column, sum(getattr(r, column) for r in rows))


def by_municipality(rows):
    groups = {}
    for row in rows:
        groups.setdefault(row.municipality, []).append(row)
    return [MunicipalityRow(name, items) for name, items in sorted(groups.items())]


# ---------------------------------------------------------------- who still owes an IOM, by name

#: Why a young specialist still owes the campaign an IOM (the filter's choices, in this order).
OWES = {
    "none": "ИОМ не составлен",
    "draft": "черновик, не представлен",
    "returned": "возвращён на доработку",
}
_OWES_BY_STATUS = {Iom.Status.DRAFT: "draft", Iom.Status.AGREED: "draft", Iom.Status.RETURNED: "returned"}


class Owed:
    """One young specialist of one campaign who has not submitted an IOM (or whose IOM was returned)."""

    def __init__(self, campaign, specialist, iom, today):
        self.campaign = campaign
        self.specialist = specialist
        self.organisation = specialist.organisation
        self.iom = iom
        self.reason = "none" if iom is None else _OWES_BY_STATUS[iom.status]
        self.overdue = today > campaign.deadline

    @property
    def reason_label(self):
        return OWES[self.reason]

    @property
    def state_label(self):
        return self.reason_label + (" — срок прошёл" if self.overdue else "")


def owing(campaigns, user, *, organisation=None, today=None) -> list[Owed]:
    """The young specialists who still owe an IOM to any of ``campaigns`` (none, draft or agreed but not
    submitted, returned), by organisation and name — three queries whatever the number of campaigns,
    organisations and people; scoped by ``user`` (a school sees its own)."""
    today = today or timezone.localdate()
    campaigns = list(campaigns)
    if not campaigns:
        return []
    through = IomCampaign.organisations.through.objects.filter(iomcampaign__in=[c.pk for c in campaigns])
    # The organisations the user may see (a school: its own), as the campaign's figures are scoped.
    through = through.filter(organisation__in=Organisation.objects.for_user(user).values("pk"))
    if organisation is not None:
        through = through.filter(organisation=organisation)
    members = {}
    for campaign_id, org_id in through.values_list("iomcampaign_id", "organisation_id"):
        members.setdefault(org_id, []).append(campaign_id)
    young = list(
        Teacher.objects.for_user(user)
        .filter(
            organisation_id__in=list(members),
            is_active=True,
            teaching_experience__lte=YOUNG_SPECIALIST_MAX_YEARS,
        )
        .select_related("organisation")
        .order_by("organisation__short_name", "last_name", "first_name", "middle_name", "pk")
    )
    ioms = {
        (iom.specialist_id, iom.academic_year_id): iom
        for iom in Iom.objects.for_user(user)
        .filter(
            specialist__in=[t.pk for t in young],
            academic_year__in={c.academic_year_id for c in campaigns},
        )
        .only("pk", "status", "specialist_id", "academic_year_id", "organisation_id")
    }
    by_pk = {c.pk: c for c in campaigns}
    result = []
    for teacher in young:
        for campaign_id in members.get(teacher.organisation_id, []):
            campaign = by_pk[campaign_id]
            iom = ioms.get((teacher.pk, campaign.academic_year_id))
            if iom is None or iom.status in _OWES_BY_STATUS:
                result.append(Owed(campaign, teacher, iom, today))
    return result
