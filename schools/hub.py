"""The schools app's link on the organisation card (salsk_mentoring.hub): the people with access to it."""

from django.urls import reverse
from django.utils.http import urlencode

from salsk_mentoring.hub import HubLink, organisation_links

from .models import Membership


@organisation_links
def links(user, organisation):
    count = Membership.objects.for_user(user).filter(organisation=organisation).count()
    if user.has_perm("schools.view_user"):
        url = f"{reverse('schools:user_list')}?{urlencode({'organisation': organisation.pk})}"
    else:  # a school user: the users block on the card itself
        url = f"{organisation.get_absolute_url()}#org-users"
    return [HubLink("Пользователи портала", url, count, "пользователь,пользователя,пользователей", order=90)]
