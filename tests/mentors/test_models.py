import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mentors import services
from mentors.appendices import mentor_bank, programme_templates
from mentors.models import FeedbackSurvey, Meeting, MentorBankEntry, Pair, Teacher
from tests.factories import AcademicYearFactory, TeacherFactory

from .factories import (
    FeedbackSurveyFactory,
    MeetingFactory,
    MenteeFactory,
    MentorBankEntryFactory,
    PairFactory,
    ProgrammeTemplateFactory,
)

pytestmark = pytest.mark.django_db


def make_pair(mentor, mentees, **kw):
    pair = Pair(
        mentor=mentor,
        organisation=mentor.organisation,
        year=mentor.year,
        form_id=kw.pop("form_id", None),
        start_date=datetime.date(2021, 10, 1),
        end_date=datetime.date(2022, 5, 31),
        status="active",
        **kw,
    )
    return pair


def test_pair_rules_mentor_from_bank_of_the_year(year, org_a):
    other_year = AcademicYearFactory(start_year=2020, is_current=False)
    entry = MentorBankEntryFactory(teacher__organisation=org_a, year=other_year)
    pair = make_pair(entry, [])
    pair.year = year
    with pytest.raises(ValidationError) as exc:
        pair.check_rules([MenteeFactory(teacher__organisation=org_a, organisation=org_a)])
    assert "банке наставников 2021-2022" in str(exc.value)


def test_pair_rules_proposed_mentor_is_refused(year, org_a):
    entry = MentorBankEntryFactory(
        teacher__organisation=org_a, year=year, status=MentorBankEntry.Status.PROPOSED
    )
    with pytest.raises(ValidationError, match="не включён методистом"):
        make_pair(entry, []).check_rules([MenteeFactory(teacher__organisation=org_a, organisation=org_a)])


def test_pair_rules_load_and_duplicates(year, org_a):
    entry = MentorBankEntryFactory(teacher__organisation=org_a, year=year, max_mentees=2)
    first = MenteeFactory(teacher__organisation=org_a, organisation=org_a)
    PairFactory(mentor=entry, mentees=[first])
    second = MenteeFactory(teacher__organisation=org_a, organisation=org_a)
    third = MenteeFactory(teacher__organisation=org_a, organisation=org_a)
    with pytest.raises(ValidationError, match="Нагрузка наставника превышена: уже 1"):
        make_pair(entry, []).check_rules([second, third])
    with pytest.raises(ValidationError, match="уже есть действующая пара"):
        make_pair(entry, []).check_rules([first])
    make_pair(entry, []).check_rules([second])  # within the load


def test_pair_rules_network_pair_needs_flag(year, org_a, org_b):
    entry = MentorBankEntryFactory(teacher__organisation=org_a, year=year)
    foreign = MenteeFactory(teacher__organisation=org_b, organisation=org_b)
    pair = make_pair(entry, [])
    pair.organisation = org_b
    with pytest.raises(ValidationError, match="сетевую пару может разрешить только методист"):
        pair.check_rules([foreign])
    pair.is_network = True
    pair.check_rules([foreign])


def test_bank_workflow(year, org_a, school_a, methodist):
    teacher = TeacherFactory(organisation=org_a)
    entry = services.bank_propose(user=school_a, teacher=teacher, year=year, competencies="методика урока")
    assert entry.status == MentorBankEntry.Status.PROPOSED and entry.organisation == org_a
    with pytest.raises(PermissionDenied):
        services.bank_include(user=school_a, entry=entry)
    services.bank_include(user=methodist, entry=entry)
    assert entry.status == MentorBankEntry.Status.INCLUDED and entry.decided_by == methodist
    with pytest.raises(ValidationError):
        services.bank_exclude(user=methodist, entry=entry, reason=" ")
    services.bank_exclude(user=methodist, entry=entry, reason="Сменил место работы")
    assert entry.history.first().history_user == methodist


def test_school_cannot_propose_other_schools_teacher(year, org_b, school_a):
    with pytest.raises(PermissionDenied):
        services.bank_propose(
            user=school_a, teacher=TeacherFactory(organisation=org_b), year=year, competencies="x"
        )


def test_mentee_kinds(org_a):
    from mentors.models import Mentee

    veteran = TeacherFactory(organisation=org_a, total_experience=20, teaching_experience=20)
    with pytest.raises(ValidationError, match="молодой специалист"):
        Mentee(kind="young_specialist", teacher=veteran, organisation=org_a).full_clean()
    with pytest.raises(ValidationError, match="имя или условный код"):
        Mentee(kind="student", organisation=org_a).full_clean()


def test_appendix_7_lists_included_mentors_only(year, methodist):
    included = MentorBankEntryFactory(year=year)
    MentorBankEntryFactory(year=year, status=MentorBankEntry.Status.PROPOSED)
    content = mentor_bank(params={"year": year.pk}, user=methodist)
    assert content.title.endswith("в 2021-2022 учебном году")
    assert [row[1] for row in content.xlsx_rows] == [included.teacher.full_name]
    assert not content.missing


def test_appendix_3_templates(methodist):
    ProgrammeTemplateFactory()
    content = programme_templates(params={}, user=methodist)
    assert content.context["programmes"][0]["tasks"] == ["Задача 1", "Задача 2"]
    assert not content.missing


def test_real_data_fixture_loads(db):
    from django.core.management import call_command

    from mentors.models import MentoringForm, ProgrammeTemplate

    call_command("loaddata", "fixtures/020_mentors.json", verbosity=0)
    assert MentoringForm.objects.count() == 5
    assert set(ProgrammeTemplate.objects.values_list("form__name", flat=True)) == {
        "учитель – учитель",
        "ученик – ученик",
    }


# --- Derived activity fields of a pair (mentors.signals) -------------------------------------------------


def test_pair_activity_follows_meetings_and_surveys(world):
    pair = PairFactory(mentor=MentorBankEntryFactory(teacher__organisation=world["org_a"], year=world["year"]))
    assert pair.last_meeting is None and not pair.has_month_survey and not pair.has_end_survey
    first = MeetingFactory(pair=pair, date=pair.start_date + datetime.timedelta(days=3))
    later = MeetingFactory(pair=pair, date=pair.start_date + datetime.timedelta(days=9))
    pair.refresh_from_db()
    assert pair.last_meeting == later.date
    later.delete()
    pair.refresh_from_db()
    assert pair.last_meeting == first.date
    Meeting.objects.filter(pk=first.pk).delete()  # a queryset delete sends the signal per row too
    pair.refresh_from_db()
    assert pair.last_meeting is None
    survey = FeedbackSurveyFactory(pair=pair, point=FeedbackSurvey.Point.MONTH)
    pair.refresh_from_db()
    assert pair.has_month_survey and not pair.has_end_survey
    survey.point = FeedbackSurvey.Point.END
    survey.save()
    pair.refresh_from_db()
    assert pair.has_end_survey and not pair.has_month_survey


def test_pair_activity_is_not_a_history_entry(world):
    """The derived fields change with the meeting (which has its own history), not as an edit of the pair."""
    pair = PairFactory(mentor=MentorBankEntryFactory(teacher__organisation=world["org_a"], year=world["year"]))
    before = pair.history.count()
    MeetingFactory(pair=pair, date=pair.start_date)
    assert pair.history.count() == before
    assert not hasattr(pair.history.model, "last_meeting")


def test_refresh_activity_repairs_bulk_loaded_pairs(world):
    pair = PairFactory(mentor=MentorBankEntryFactory(teacher__organisation=world["org_a"], year=world["year"]))
    Meeting.objects.bulk_create([Meeting(pair=pair, date=pair.start_date, topic="загружено пакетом")])
    pair.refresh_from_db()
    assert pair.last_meeting is None  # bulk_create sends no signals
    assert Pair.refresh_activity() >= 1
    pair.refresh_from_db()
    assert pair.last_meeting == pair.start_date


# --- Teacher search column (salsk_mentoring.search) ------------------------------------------------------


def test_teacher_search_text_is_kept_on_every_kind_of_write(org_a):
    teacher = TeacherFactory(organisation=org_a, last_name="Сёмина", first_name="Анна", subjects="Химия")
    assert teacher.search_text.startswith("семина анна") and "химия" in teacher.search_text
    teacher.last_name = "Орлова"
    teacher.save(update_fields=["last_name"])  # the column is added to update_fields
    teacher.refresh_from_db()
    assert "орлова" in teacher.search_text and "семина" not in teacher.search_text
    [bulk] = Teacher.objects.bulk_create([Teacher(organisation=org_a, last_name="Пётров", first_name="Иван")])
    assert Teacher.objects.get(pk=bulk.pk).search_text.startswith("петров иван")
    assert "search_text" not in {f.name for f in Teacher.history.model._meta.fields}


def test_teacher_list_search_ignores_case_and_yo(org_a, client_for):
    """SQLite's LIKE ignores case for ASCII only: «сёмина» must still find «Сёмина» (and «семина» too)."""
    from django.urls import reverse

    found = TeacherFactory(organisation=org_a, last_name="Сёмина", subjects="Химия, биология")
    TeacherFactory(organisation=org_a, last_name="Орлова", subjects="Химия")
    client = client_for("methodist")
    for query in ("сёмина", "СЕМИНА", "семина химия", "Биология"):
        rows = list(client.get(reverse("mentors:teacher_list"), {"q": query}).context["table"].page.object_list)
        assert [row.record.pk for row in rows] == [found.pk], query
