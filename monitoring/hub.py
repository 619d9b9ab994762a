"""The monitoring submissions of an organisation on its card (salsk_mentoring.hub).

There is no list of submissions to filter: the card names the newest few, each a link to its page."""

from django.urls import reverse

from salsk_mentoring.hub import HubLink, organisation_links

from .models import Submission

SHOWN = 5


@organisation_links
def links(user, organisation):
    submissions = Submission.objects.for_user(user).filter(organisation=organisation)
    newest = submissions.select_related("campaign").order_by("-campaign__opens_on", "-pk")[:SHOWN]
    items = [
        (f"{s.campaign}: {s.get_status_display()}", reverse("monitoring:submission_detail", args=[s.pk]))
        for s in newest
    ]
    return [
        HubLink(
            "Мониторинг: отчёты организации",
            reverse("monitoring:monitoringcampaign_list"),
            submissions.count(),
            "отчёт,отчёта,отчётов",
            order=70,
            items=items,
        )
    ]
