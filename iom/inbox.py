"""The IOM duties of an organisation in its «Мои задачи» (salsk_mentoring.inbox): for every open campaign it
takes part in, each young specialist whose IOM is still to make, submit or fix; returned IOMs outside a
campaign too."""

from urllib.parse import urlencode

from django.urls import reverse

from salsk_mentoring.inbox import Duty, in_year, organisation_duties, record_duty

from .campaigns import owing
from .models import Iom, IomCampaign

ACTIONS = {"none": "Составить ИОМ", "draft": "Представить ИОМ", "returned": "Доработать ИОМ"}


def _basis(campaign):
    return campaign.basis or f"кампания «{campaign.title}»"


@organisation_duties
def duties(user, organisation, year, day):
    campaigns = in_year(IomCampaign.objects.for_user(user).filter(organisations=organisation, is_open=True), year)
    campaigns = list(campaigns.select_related("academic_year").order_by("deadline", "pk"))
    result, seen = [], set()
    for owed in owing(campaigns, user, organisation=organisation, today=day):
        campaign, teacher = owed.campaign, owed.specialist
        if owed.iom is None:
            query = urlencode(
                {"organisation": organisation.pk, "specialist": teacher.pk, "academic_year": campaign.academic_year_id}
            )
            url = f"{reverse('iom:iom_add')}?{query}"
        else:
            url = reverse("iom:iom_detail", args=[owed.iom.pk])
            seen.add(owed.iom.pk)
        result.append(
            Duty(
                kind="ИОМ",
                title=f"{ACTIONS[owed.reason]}: {teacher.full_name}",
                due=campaign.deadline,
                basis=_basis(campaign),
                url=url,
                action=ACTIONS[owed.reason],
                state=owed.reason_label,
                overdue=owed.overdue,
                year=campaign.academic_year.name,
            )
        )
    # A returned IOM is the school's to fix whether or not a campaign asks for it.
    returned = in_year(Iom.objects.for_user(user).filter(organisation=organisation, status=Iom.Status.RETURNED), year)
    result += [
        record_duty(
            iom, iom.academic_year, kind="ИОМ", title=f"{ACTIONS['returned']}: {iom.specialist.full_name}", due=None,
            basis=f"замечания методиста к ИОМ на {iom.academic_year} учебный год", action=ACTIONS["returned"],
            state="возвращён на доработку",
        )
        for iom in returned.exclude(pk__in=seen).select_related("specialist", "academic_year")
    ]
    return result
