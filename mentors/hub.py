"""The mentors app's links on the organisation card (salsk_mentoring.hub)."""

from django.urls import reverse
from django.utils.http import urlencode

from salsk_mentoring.hub import HubLink, organisation_links
from schools.models import AcademicYear

from .models import Mentee, MentorBankEntry, Pair, Teacher


@organisation_links
def links(user, organisation):
    def url(name, **query):
        return f"{reverse(name)}?{urlencode({'organisation': organisation.pk, **query})}"

    year = AcademicYear.current()
    bank = MentorBankEntry.objects.for_user(user).filter(organisation=organisation)
    bank_title = "Наставники в банке" + (f" ({year})" if year else "")
    return [
        HubLink(
            "Педагоги", url("mentors:teacher_list"),
            Teacher.objects.for_user(user).filter(organisation=organisation).count(),
            "педагог,педагога,педагогов", order=10,
        ),
        HubLink(
            bank_title, url("mentors:mentorbankentry_list", **({"year": year.pk} if year else {})),
            (bank.filter(year=year) if year else bank).count(),
            "наставник,наставника,наставников", order=20,
        ),
        HubLink(
            "Наставляемые", url("mentors:mentee_list"),
            Mentee.objects.for_user(user).filter(organisation=organisation).count(),
            "наставляемый,наставляемых,наставляемых", order=30,
        ),
        HubLink(
            "Пары и группы", url("mentors:pair_list"),
            Pair.objects.for_user(user).filter(organisation=organisation).count(),
            "пара,пары,пар", order=40,
        ),
    ]  # fmt: skip
