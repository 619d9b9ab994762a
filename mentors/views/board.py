"""The methodist's working lists: the pairs' health board and mentor matching for young specialists."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from salsk_mentoring.pagination import rows_by_keys
from schools.models import AcademicYear
from schools.municipalities import municipality_context

from .. import health, matching
from ..models import (
    Mentee,
    MentorBankEntry,
    NetworkPairRequest,
    Pair,
    Teacher,
)


class PairHealthView(LoginRequiredMixin, TemplateView):
    template_name = "mentors/health.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        pairs = Pair.objects.for_user(user)
        year = AcademicYear.current()
        if year:
            pairs = pairs.filter(year=year)
        district = not user.is_school
        day = health.as_of(pairs, year)
        totals, organisations = health.board(pairs, day, limit=100)
        context.update(
            title="Состояние наставнических пар",
            year=year,
            as_of=day,
            is_today=day == timezone.localdate(),
            summary=totals,
            stale=health.pairs_in(pairs, "stale", day, limit=20),
            ending=health.pairs_in(pairs, "ending", day, limit=20),
            survey_due=health.pairs_in(pairs, "survey_due", day, limit=20),
            by_organisation=organisations if district else None,
            district=district,
            stale_days=health.STALE_DAYS,
            ending_days=health.ENDING_DAYS,
        )
        return context


class MatchingListView(LoginRequiredMixin, TemplateView):
    """Young specialists without a mentor, each with the best three mentors of the bank."""

    template_name = "mentors/matching.html"
    per_page = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        teachers = matching.young_without_mentor(Teacher.objects.for_user(user))
        if not user.is_school:
            # A district's methodist works with the district; the whole region is one choice away.
            context.update(municipality_context(self.request))
            if context["municipality"] is not None:
                teachers = teachers.filter(organisation__municipality=context["municipality"])
        teachers = teachers.select_related("organisation").order_by(
            "organisation__municipality__name", "organisation__short_name", "last_name", "pk"
        )
        page = Paginator(teachers, self.per_page).get_page(self.request.GET.get("page"))
        page_teachers = rows_by_keys(page.object_list)  # keys first: see salsk_mentoring.pagination
        # Pages follow municipalities, so a page needs the mentors of one or two of them, not of the region.
        municipalities = {t.organisation.municipality_id for t in page_teachers}
        pool = matching.candidates(municipality_ids=municipalities)
        context.update(
            title="Подбор наставников молодым специалистам",
            page=page,
            rows=[(t, matching.rank(t, pool, limit=3)) for t in page_teachers],
            can_add_pair=user.has_perm("mentors.add_pair"),
        )
        return context


def network_request_context(user, mentee, suggestions) -> dict:
    """For a school's suggestions of another school's mentors: which it may ask the methodist for (a consent
    in force: the mentor's details go to another organisation) and which it has asked already. Two queries."""
    if mentee is None or not user.has_perm("mentors.add_networkpairrequest"):
        return {"can_request_network": False}
    foreign = [s.entry.pk for s in suggestions if s.needs_network]
    return {
        "can_request_network": True,
        "requestable": set(MentorBankEntry.objects.public().filter(pk__in=foreign).values_list("pk", flat=True)),
        "requested": set(
            NetworkPairRequest.objects.for_user(user)
            .pending()
            .filter(mentee=mentee, mentor__in=foreign)
            .values_list("mentor", flat=True)
        ),
    }


class MatchingDetailView(LoginRequiredMixin, TemplateView):
    template_name = "mentors/matching_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        teacher = get_object_or_404(
            Teacher.objects.for_user(user).select_related("organisation"), pk=self.kwargs["pk"]
        )
        if not teacher.is_young_specialist:
            raise Http404("Подбор наставника — только для молодых специалистов (стаж 0–3 года).")
        pool = matching.candidates(municipality_ids={teacher.organisation.municipality_id})
        mentee = Mentee.objects.for_user(user).filter(teacher=teacher).first()
        suggestions = matching.rank(teacher, pool, limit=10)
        context.update(
            title=f"Подбор наставника: {teacher.full_name}",
            teacher=teacher,
            mentee=mentee,
            suggestions=suggestions,
            **network_request_context(user, mentee, suggestions),
            can_add_pair=user.has_perm("mentors.add_pair"),
            can_add_mentee=user.has_perm("mentors.add_mentee"),
            can_network=user.has_perm("mentors.allow_network_pair"),
        )
        return context
