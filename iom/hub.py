"""The IOMs of an organisation on its card (salsk_mentoring.hub)."""

from django.urls import reverse

from salsk_mentoring.hub import HubLink, organisation_links

from .models import Iom


@organisation_links
def links(user, organisation):
    return [
        HubLink(
            "ИОМ молодых специалистов",
            f"{reverse('iom:iom_list')}?organisation={organisation.pk}",
            Iom.objects.for_user(user).filter(organisation=organisation).count(),
            "ИОМ,ИОМ,ИОМ",
            order=50,
        )
    ]
