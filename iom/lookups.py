"""Autocomplete lookups of the IOM app (see salsk_mentoring.autocomplete)."""

from django.db.models import Q

from mentors.lookups import TeacherLookup
from mentors.models import MentorBankEntry, Pair, Teacher
from salsk_mentoring.autocomplete import register
from schools.models import Organisation


@register
class IomMentorLookup(TeacherLookup):
    """An IOM's mentor: a school picks among its own teachers and the mentors of its network pairs;
    a methodist among all, narrowed to the municipality of the chosen organisation, and to the mentor bank of
    the chosen year or the mentors of the specialist's pairs (Iom.clean has the final word: a mentor of another
    organisation needs a network pair, any mentor comes from the bank or the specialist's pair)."""

    name = "iom-mentors"
    flags = ()
    invalid_choice = "Такого наставника нет среди доступных вам: выберите его из подсказок."
    placeholder = "Фамилия наставника"

    def base_queryset(self, user):
        if user is not None and getattr(user, "is_school", False):
            orgs = user.organisation_ids
            # The mentors of its network pairs as a subquery: a join with DISTINCT scanned every teacher.
            network = Pair.objects.for_user(user).filter(is_network=True).values("mentor__teacher_id")
            return Teacher.objects.unscoped(
                reason="a school's IOM mentor: its own teachers and the mentors of its network pairs"
            ).filter(Q(organisation_id__in=orgs) | Q(pk__in=network))
        return super().base_queryset(user)

    forward = ("organisation", "academic_year", "specialist")
    narrow = {}  # the organisation forwarded stands for its municipality (below), not for itself

    def filter(self, queryset, params):
        queryset = queryset.filter(is_active=True)
        year, specialist = params.get("academic_year"), params.get("specialist")
        if year:  # the mentor bank of the IOM's year, or the mentor of one of the specialist's pairs
            bank = MentorBankEntry.objects.filter(year_id=year, status=MentorBankEntry.Status.INCLUDED)
            source = Q(pk__in=bank.values("teacher_id"))
            if specialist:
                source |= Q(pk__in=Pair.objects.filter(mentees__teacher_id=specialist).values("mentor__teacher_id"))
            queryset = queryset.filter(source)
        org = params.get("organisation")
        if org:
            municipality = Organisation.objects.filter(pk=org).values("municipality_id")
            queryset = queryset.filter(organisation__municipality_id__in=municipality)
        return queryset
