"""«Мои задачи»: one list of every duty of the organisation (plan lines, IOMs, monitoring, consents ending),
overdue first then by due date, each naming its basis and linking to where to act; the current academic year
by default; a fixed number of queries."""

import datetime

from django.urls import reverse

from iom.models import Iom
from salsk_mentoring import inbox
from tests.factories import AcademicYearFactory, TeacherFactory
from tests.iom.factories import IomFactory
from tests.mentors.factories import MentorBankEntryFactory, PublicationConsentFactory
from tests.querycount import assert_constant_queries


def _consent_ending(world, days):
    entry = MentorBankEntryFactory(
        teacher=TeacherFactory(organisation=world["org_a"], last_name="Согласнова"), year=world["year"]
    )
    day = datetime.date.today()
    PublicationConsentFactory(
        entry=entry, given_on=day - datetime.timedelta(days=300), valid_until=day + datetime.timedelta(days=days)
    )
    return entry


def test_inbox_lists_every_kind_of_duty_of_the_school_only(world, client_for):
    young_a, young_b = world["young_a"], world["young_b"]
    newcomer = TeacherFactory(organisation=world["org_a"], last_name="Новенькая", teaching_experience=0)
    entry = _consent_ending(world, 10)
    duties = inbox.duties_for(world["school_a"], world["org_a"], year=world["year"])
    titles = [d.title for d in duties]
    kinds = {d.kind for d in duties}
    assert {"ИОМ", "Мониторинг", "Банк наставников"} <= kinds
    assert f"Представить ИОМ: {young_a.full_name}" in titles  # world's iom_a is a draft
    assert f"Составить ИОМ: {newcomer.full_name}" in titles
    assert not any(young_b.full_name in t for t in titles)  # school B's specialist is not A's duty
    assert f"Продлить согласие на публикацию: {entry.teacher.full_name}" in titles
    add = next(d for d in duties if d.title.startswith("Составить ИОМ"))
    assert add.url.startswith(reverse("iom:iom_add")) and f"specialist={newcomer.pk}" in add.url
    assert add.basis  # the campaign's basis (the order point) or its title
    monitoring = next(d for d in duties if d.kind == "Мониторинг")
    assert monitoring.url == world["submission_a"].get_absolute_url()
    assert "п. 18" in monitoring.basis

    page = client_for("school_a").get(reverse("events:my_tasks")).content.decode()
    assert newcomer.full_name in page and young_b.full_name not in page and "Основание:" in page


def test_inbox_is_sorted_overdue_first_then_by_due_date(world):
    _consent_ending(world, 10)
    day = datetime.date(2021, 12, 10)  # the IOM campaign's deadline (01.12.2021) has passed
    duties = [d for d in inbox.duties_for(world["school_a"], world["org_a"], year=world["year"], day=day)]
    open_duties = [d for d in duties if not d.done]
    overdue = [d for d in open_duties if d.overdue]
    assert overdue and open_duties[: len(overdue)] == overdue  # overdue first
    assert any(d.kind == "ИОМ" for d in overdue)
    rest = [d.due or datetime.date.max for d in open_duties[len(overdue) :]]
    assert rest == sorted(rest)
    assert all(d.done for d in duties[len(open_duties) :])  # the done ones last


def test_past_years_are_hidden_by_default(world, client_for):
    old_year = AcademicYearFactory(start_year=2019, is_current=False)
    old = IomFactory(
        organisation=world["org_a"], specialist=TeacherFactory(organisation=world["org_a"], last_name="Прошлогодний",
                                                               teaching_experience=2),
        mentor=world["mentor_a"], academic_year=old_year, status=Iom.Status.RETURNED,
    )
    client = client_for("school_a")
    page = client.get(reverse("events:my_tasks")).content.decode()
    assert f"Доработать ИОМ: {old.specialist.full_name}" not in page and "Показать прошлые годы" in page
    page = client.get(reverse("events:my_tasks") + "?years=all").content.decode()
    assert f"Доработать ИОМ: {old.specialist.full_name}" in page


def test_inbox_queries_do_not_grow_with_duties(world, client_for):
    client = client_for("school_a")
    client.get(reverse("events:my_tasks"))  # creates the calendar address on the first visit
    n = iter(range(100))

    def grow():
        i = next(n)
        TeacherFactory(organisation=world["org_a"], last_name=f"Молодой{i}", teaching_experience=1)
        IomFactory(
            organisation=world["org_a"], specialist=TeacherFactory(organisation=world["org_a"], teaching_experience=1),
            mentor=world["mentor_a"], academic_year=world["year"], status=Iom.Status.RETURNED,
        )
        _consent_ending(world, 5)

    assert_constant_queries(client, reverse("events:my_tasks"), grow)
    assert_constant_queries(client, reverse("dashboard"), grow)


def test_dashboard_and_inbox_show_the_same_years(world, client_for, monkeypatch):
    """The current year (the flag) and later ones, in both; an earlier year's duty in neither (issue 15:
    «the dashboard and inbox use the current academic year consistently»)."""
    import events.execution

    later_year = AcademicYearFactory(start_year=world["year"].start_year + 5, is_current=False)
    old_year = AcademicYearFactory(start_year=world["year"].start_year - 2, is_current=False)
    late, old = (
        IomFactory(
            organisation=world["org_a"],
            specialist=TeacherFactory(organisation=world["org_a"], last_name=name, teaching_experience=1),
            mentor=world["mentor_a"],
            academic_year=year,
            status=Iom.Status.RETURNED,
        )
        for name, year in (("Будущегодняя", later_year), ("Позапрошлогодняя", old_year))
    )
    client = client_for("school_a")
    inbox_page = client.get(reverse("events:my_tasks")).content.decode()
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert f"Доработать ИОМ: {late.specialist.full_name}" in inbox_page
    assert f"Доработать ИОМ: {old.specialist.full_name}" not in inbox_page
    assert f"{later_year.name} учебный год" in inbox_page  # a later year's duty names its year
    shown, left_out = inbox.shown_duties(world["school_a"], world["org_a"], year=world["year"])
    assert left_out == 1 and not any(d.year == old_year.name for d in shown)
    assert any(d.year == later_year.name for d in shown)
    # The dashboard's widget counts the very same open duties as the inbox.
    open_count = sum(1 for d in shown if not d.done)
    assert f"Все задачи ({open_count}) →" in dashboard
    assert f"{open_count} задач" in inbox_page or f"{open_count} задачи" in inbox_page
    # The flagged year has ended (today is past it): the inbox says so and who moves the district on.
    monkeypatch.setattr(events.execution, "today", lambda: world["year"].end_date + datetime.timedelta(days=30))
    page = client.get(reverse("events:my_tasks")).content.decode()
    assert f"Текущий учебный год в портале — {world['year']}: он закончился" in page


def test_surveys_due_are_duties_with_their_date_and_basis(world, client_for):
    """The pairs' feedback surveys (the input of the satisfaction indicators Ф7, Ф8 — plan item 18) are the
    «surveys due» of the inbox: «через месяц» of an active pair, «по завершении» of a pair that has ended."""
    from mentors.models import Pair
    from tests.mentors.factories import FeedbackSurveyFactory, PairFactory

    today = datetime.date.today()
    started = PairFactory(mentor=world["bank_a"], form=world["form_tt"], start_date=today - datetime.timedelta(40))
    ended = PairFactory(
        mentor=world["bank_a"],
        form=world["form_tt"],
        status=Pair.Status.COMPLETED,
        start_date=today - datetime.timedelta(200),
        end_date=today - datetime.timedelta(5),
    )
    fresh = PairFactory(mentor=world["bank_a"], form=world["form_tt"], start_date=today - datetime.timedelta(3))

    def surveys():
        duties = inbox.duties_for(world["school_a"], world["org_a"], year=world["year"], day=today)
        return {d.title: d for d in duties if d.kind == "Анкеты"}

    due = surveys()
    month = due[f"Анкеты наставника и наставляемых через месяц: {started}"]
    assert month.due == started.start_date + datetime.timedelta(30) and month.overdue
    assert month.url == reverse("mentors:feedbacksurvey_add", args=[started.pk])
    assert "п. 18 плана мероприятий" in month.basis and "Ф7, Ф8" in month.basis
    end = due[f"Анкеты наставника и наставляемых по завершении: {ended}"]
    assert end.due == ended.end_date + datetime.timedelta(14) and not end.overdue
    # Not yet due (a pair of 3 days), already surveyed (the world's pair A), another school's (pair B): none.
    assert not any(str(p) in title for p in (fresh, world["pair_a"], world["pair_b"]) for title in due)
    page = client_for("school_a").get(reverse("events:my_tasks")).content.decode()
    assert "Внести анкету" in page and str(started) in page and str(world["pair_b"]) not in page
    # Surveyed: no duty (asserted before the carry-over below, which would also clear ``started``'s duty).
    FeedbackSurveyFactory(pair=started, point="month")
    assert not any(str(started) in title for title in surveys())
    # A pair carried from last year (same mentor, same organisation) had its month survey then: no duty.
    earlier = AcademicYearFactory(start_year=world["year"].start_year - 1, is_current=False)
    Pair.objects.filter(pk=ended.pk).update(year=earlier)
    carried = PairFactory(mentor=world["bank_a"], form=world["form_tt"], start_date=today - datetime.timedelta(60))
    assert world["bank_a"].teacher_id == ended.mentor.teacher_id
    assert not any(str(carried) in title for title in surveys())


def test_surveys_due_one_rule_for_the_inbox_the_health_board_and_the_dashboard(world, client_for):
    """«Мои задачи» lists a survey for exactly the pairs the health board and the dashboard count as «ждут
    анкеты»: a continued pair (its mentor had a pair in the same organisation last year) owes none in either."""
    from mentors import health
    from mentors.models import Pair
    from tests.mentors.factories import PairFactory

    today = datetime.date.today()
    year = world["year"]
    year.start_date, year.end_date = today - datetime.timedelta(200), today + datetime.timedelta(100)
    year.save()
    earlier = AcademicYearFactory(start_year=year.start_year - 1, is_current=False)

    def pair(*, teacher=None, **kwargs):
        mentor = MentorBankEntryFactory(
            year=kwargs.pop("in_year", year),
            **({"teacher": teacher} if teacher else {"teacher__organisation": world["org_a"]}),
        )
        return PairFactory(mentor=mentor, form=world["form_tt"], **kwargs)

    month = pair(start_date=today - datetime.timedelta(60))
    last_year = pair(in_year=earlier, start_date=earlier.start_date, end_date=earlier.end_date)
    carried = pair(teacher=last_year.mentor.teacher, start_date=today - datetime.timedelta(60))
    ended = pair(
        status=Pair.Status.COMPLETED,
        start_date=today - datetime.timedelta(150),
        end_date=today - datetime.timedelta(20),
    )
    pair(start_date=today - datetime.timedelta(3))  # a fresh pair owes nothing yet
    assert carried.organisation == last_year.organisation and carried.year == year

    duties = inbox.duties_for(world["school_a"], world["org_a"], year=year, day=today)
    survey_urls = {d.url for d in duties if d.kind == "Анкеты"}
    in_inbox = {p.pk for p in Pair.objects.all() if reverse("mentors:feedbacksurvey_add", args=[p.pk]) in survey_urls}
    pairs = Pair.objects.filter(year=year, organisation=world["org_a"])
    on_board = {p.pk for p in health.pairs_in(pairs, "survey_due", today)}
    assert in_inbox == on_board == {month.pk, ended.pk}
    # The board's page and the dashboard's figure count the same pairs.
    board = client_for("school_a").get(reverse("mentors:pair_health")).context
    assert board["as_of"] == today and board["summary"]["survey_due"] == len(in_inbox)
    assert {p.pk for p in board["survey_due"]} == in_inbox
    dashboard = client_for("school_a").get(reverse("dashboard")).content.decode()
    figure = f'<div class="stat">{len(in_inbox)}</div><div class="stat-label">ждут анкеты обратной связи</div>'
    assert figure in dashboard
