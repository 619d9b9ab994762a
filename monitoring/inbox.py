"""The monitoring forms of an organisation in its «Мои задачи» (salsk_mentoring.inbox)."""

from salsk_mentoring.inbox import Duty, organisation_duties

from .models import MonitoringCampaign, Submission

ACTIONS = {
    Submission.Status.DRAFT: "Заполнить отчёт",
    Submission.Status.RETURNED: "Исправить отчёт",
}


@organisation_duties
def duties(user, organisation, year, day):
    submissions = Submission.objects.for_user(user).filter(
        organisation=organisation,
        campaign__status__in=(MonitoringCampaign.Status.OPEN, MonitoringCampaign.Status.CLOSED),
    )
    if year is not None:
        submissions = submissions.filter(campaign__academic_year=year)
    result = []
    for submission in submissions.select_related("campaign__academic_year").order_by("campaign__deadline"):
        campaign = submission.campaign
        to_do = submission.status in Submission.EDITABLE and campaign.status == MonitoringCampaign.Status.OPEN
        result.append(
            Duty(
                kind="Мониторинг",
                title=f"Отчёт по мониторингу «{campaign.name}»",
                due=campaign.deadline,
                basis=f"{campaign.plan_item} плана мероприятий {campaign.academic_year}".strip()
                if campaign.plan_item
                else f"мониторинг «{campaign.name}»",
                url=submission.get_absolute_url(),
                action=ACTIONS.get(submission.status, "Открыть") if to_do else "Открыть",
                state=submission.get_status_display(),
                done=not to_do,
                overdue=to_do and day > campaign.deadline,
                year=campaign.academic_year.name,
            )
        )
    return result
