"""The monitoring forms of an organisation in its «Мои задачи» (salsk_mentoring.inbox)."""

from salsk_mentoring.inbox import in_year, organisation_duties, record_duty

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
    submissions = in_year(submissions, year, "campaign__academic_year")
    result = []
    for submission in submissions.select_related("campaign__academic_year").order_by("campaign__deadline"):
        campaign = submission.campaign
        to_do = submission.status in Submission.EDITABLE and campaign.status == MonitoringCampaign.Status.OPEN
        result.append(
            record_duty(
                submission,
                campaign.academic_year,
                kind="Мониторинг",
                title=f"Отчёт по мониторингу «{campaign.name}»",
                due=campaign.deadline,
                basis=f"{campaign.plan_item} плана мероприятий {campaign.academic_year}".strip()
                if campaign.plan_item
                else f"мониторинг «{campaign.name}»",
                action=ACTIONS.get(submission.status, "Открыть") if to_do else "Открыть",
                state=submission.get_status_display(),
                done=not to_do,
                overdue=to_do and day > campaign.deadline,
            )
        )
    return result
