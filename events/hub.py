"""The plan duties of an organisation on its card (salsk_mentoring.hub)."""

from django.urls import reverse

from salsk_mentoring.hub import HubLink, organisation_links

from .models import PlanItem


@organisation_links
def links(user, organisation):
    return [
        HubLink(
            "Задачи по плану мероприятий",
            f"{reverse('events:planitem_list')}?responsible={organisation.pk}",
            PlanItem.objects.for_user(user).responsible(organisation).count(),
            "пункт плана,пункта плана,пунктов плана",
            order=60,
        )
    ]
