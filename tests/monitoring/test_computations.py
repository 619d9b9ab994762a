"""Computed indicator values equal what the registries hold."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from iom.models import Iom
from mentors.models import Teacher
from monitoring.computations import COMPUTATIONS, compute
from monitoring.models import Indicator, MonitoringCampaign, SubmissionValue
from tests.factories import TeacherFactory
from tests.iom.factories import IomFactory


def test_parts_count_per_organisation(world):
    org_a, org_b, year = world["org_a"], world["org_b"], world["year"]
    TeacherFactory(organisation=org_a, total_experience=3, teaching_experience=3)
    TeacherFactory(organisation=org_a, total_experience=0, teaching_experience=0, is_active=False)
    ids = [org_a.pk, org_b.pk]
    young = COMPUTATIONS["young_specialists"].numerator(ids, year=year)
    teachers = COMPUTATIONS["active_teachers"].numerator(ids, year=year)
    for org in (org_a, org_b):
        active = Teacher.objects.filter(organisation=org, is_active=True)
        assert teachers[org.pk] == active.count()
        assert young[org.pk] == active.filter(teaching_experience__lte=3).count()
    # the 3-year teacher counts as young, the inactive one does not count at all
    assert young[org_a.pk] >= 2 and young[org_b.pk] >= 1


def test_young_with_approved_iom_counts_each_specialist_once(world):
    org_a, year = world["org_a"], world["year"]
    Iom.objects.filter(organisation=org_a).delete()
    approved = IomFactory(organisation=org_a, academic_year=year)
    Iom.objects.filter(pk=approved.pk).update(status=Iom.Status.APPROVED)
    IomFactory(organisation=org_a, academic_year=year)  # a draft: not counted
    fn = COMPUTATIONS["young_with_approved_iom"].numerator
    assert fn([org_a.pk], year=year) == {org_a.pk: Decimal(1)}
    ind = Indicator.objects.create(
        code="Т9",
        name="Доля с ИОМ",
        short_name="С ИОМ",
        numerator_label="с ИОМ",
        denominator_label="молодые",
        max_value=100,
        source=Indicator.Source.COMPUTED,
        computation="young_with_approved_iom",
    )
    young = Teacher.objects.filter(organisation=org_a, is_active=True, teaching_experience__lte=3).count()
    assert compute([ind], [org_a.pk], year=year)[(ind.pk, org_a.pk)] == (Decimal(1), Decimal(young))


def test_pairs_count_comes_from_the_pairs_registry(world):
    ind = Indicator.objects.create(
        code="Т8",
        name="Пары",
        short_name="Пары",
        numerator_label="пары",
        source=Indicator.Source.COMPUTED,
        computation="pairs_total",
        unit=Indicator.Unit.UNITS,
    )
    got = compute([ind], [world["org_a"].pk], year=world["year"])[(ind.pk, world["org_a"].pk)]
    from mentors.models import Pair

    expected = (
        Pair.objects.filter(organisation=world["org_a"], year=world["year"]).exclude(status="terminated").count()
    )
    assert got == (Decimal(expected), None)


def test_pair_parts_equal_the_registry(world):
    """One active pair «учитель – учитель» of a young specialist with a mentor from the bank, one terminated
    pair: every part grows by exactly one (the world may already hold pairs of other apps' tests)."""
    from mentors.models import Mentee, MentorBankEntry, MentoringForm, Pair

    org, year = world["org_a"], world["year"]
    keys = [
        "pairs_total",
        "pairs_teacher_teacher",
        "pairs_student_student",
        "young_in_pairs",
        "teachers_as_mentors",
        "mentor_bank_size",
    ]

    def parts():
        return {k: COMPUTATIONS[k].numerator([org.pk], year=year).get(org.pk, 0) for k in keys}

    before = parts()
    form_tt = MentoringForm.objects.get_or_create(
        code="teacher_teacher",
        defaults={"name": "учитель – учитель", "mentor_role": "teacher", "mentee_role": "teacher"},
    )[0]
    entry = MentorBankEntry.objects.create(
        teacher=TeacherFactory(organisation=org),
        organisation=org,
        year=year,
        competencies="адаптация",
        status="included",
    )
    young = TeacherFactory(organisation=org, total_experience=1, teaching_experience=1)
    mentee = Mentee.objects.create(kind="young_specialist", teacher=young, organisation=org)
    dates = {"start_date": "2021-09-01", "end_date": "2022-05-31"}
    pair = Pair.objects.create(
        organisation=org, year=year, mentor=entry, form=form_tt, status="active", **dates
    )
    pair.mentees.add(mentee)
    Pair.objects.create(
        organisation=org,
        year=year,
        mentor=entry,
        form=form_tt,
        status="terminated",
        termination_reason="наставник уволился",
        **dates,
    )
    after = parts()
    assert {k: after[k] - before[k] for k in keys} == {
        "pairs_total": 1,
        "pairs_teacher_teacher": 1,
        "pairs_student_student": 0,
        "young_in_pairs": 1,
        "teachers_as_mentors": 1,
        "mentor_bank_size": 1,
    }


@pytest.mark.django_db
def test_demo_campaign_values_equal_the_registries():
    call_command("load_real_data", verbosity=0)
    call_command("demo_data", verbosity=0)
    campaign = MonitoringCampaign.objects.get(period="май 2022")
    young = {
        row["organisation"]: row["n"]
        for row in Teacher.objects.filter(is_active=True, teaching_experience__lte=3)
        .values("organisation")
        .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("pk"))
    }
    values = SubmissionValue.objects.filter(submission__campaign=campaign).select_related(
        "indicator", "submission"
    )
    m1 = [v for v in values if v.indicator.code == "М1"]
    assert len(m1) == campaign.organisations.count() > 30
    for v in m1:
        assert v.computed_numerator == v.value == young.get(v.submission.organisation_id, 0)
    f4 = [v for v in values if v.indicator.code == "Ф4"]
    for v in f4:
        assert v.computed_denominator == v.denominator == young.get(v.submission.organisation_id, 0)
        assert v.numerator <= v.denominator
    approved = {}
    for org_id, _spec_id in (
        Iom.objects.filter(
            academic_year=campaign.academic_year,
            status__in=Iom.ACCEPTED,
            specialist__teaching_experience__lte=3,
            specialist__is_active=True,
        )
        .values_list("organisation_id", "specialist_id")
        .distinct()
    ):
        approved[org_id] = approved.get(org_id, 0) + 1
    for v in (v for v in values if v.indicator.code == "М5"):
        assert v.computed_numerator == approved.get(v.submission.organisation_id, 0)
