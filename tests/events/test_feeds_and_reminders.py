"""Calendar feeds parse as RFC 5545 and keep schools apart; reminders go once per item and stage."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from events.models import Assignment, CalendarFeed, ReminderLog
from events.services import reminders_send
from schools.models import Membership

from .factories import EventPlanFactory, PlanItemFactory

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_whole_plan_feed_of_order_866_parses(client, real_plan):
    cal = parse(client.get(reverse("events:plan_ics")))
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = cal.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    by_summary = {str(e["SUMMARY"]): e for e in events}
    first = by_summary["П. 1 плана: Формирование муниципальной базы педагогов-наставников на уровне"]
    assert first.decoded("DTSTART") == datetime.date(2021, 12, 1)
    assert first.decoded("DTEND") == datetime.date(2021, 12, 2)
    # «Декабрь 2021, май 2022»: two checkpoints; unpinned «По плану ЦНППМПР» is not put on a guessed day.
    summaries = [str(e["SUMMARY"]) for e in events]
    assert sum(1 for s in summaries if s.startswith("П. 18 плана")) == 2
    assert not any(s.startswith("П. 15 плана") for s in by_summary)
    for event in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert prop in event


def test_organisation_feed_has_only_its_own_tasks(client, year, org_a, org_b, school_a):
    plan = EventPlanFactory(academic_year=year, municipality=org_a.municipality)
    PlanItemFactory(
        plan=plan, position=1, name="Задача всех ОО", deadline_text="до 01.12.2021г", responsibles=["ОО"]
    )
    PlanItemFactory(
        plan=plan,
        position=2,
        name="Задача только школы Б",
        deadline_text="до 31.12.2021",
        responsibles=[org_b],
    )
    feed = CalendarFeed.objects.create(membership=Membership.objects.get(user=school_a, organisation=org_a))
    cal = parse(client.get(reverse("events:organisation_ics", args=[feed.token])))
    summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert summaries == ["П. 1 плана: Задача всех ОО"]
    assert (
        str(org_b) not in client.get(reverse("events:organisation_ics", args=[feed.token])).content.decode()
    )
    assert client.get(reverse("events:organisation_ics", args=["guessed-token"])).status_code == 404


def test_rotating_the_address_kills_the_old_one(client_for, org_a):
    client = client_for("school_a")
    page = client.get(reverse("events:my_tasks")).content.decode()
    old = CalendarFeed.objects.get(membership__organisation=org_a).token
    assert old in page
    client.post(reverse("events:calendar_feed_rotate"))
    new = CalendarFeed.objects.get(membership__organisation=org_a).token
    assert new != old
    assert client.get(reverse("events:organisation_ics", args=[old])).status_code == 404


@pytest.fixture
def feed_url(year, org_a, client_for):
    """School A's calendar address as «Мои задачи» shows it, with one task of school A in the plan."""
    plan = EventPlanFactory(academic_year=year, municipality=org_a.municipality)
    PlanItemFactory(plan=plan, position=1, name="Задача всех ОО", deadline_text="до 01.12.2021г", responsibles=["ОО"])
    client_for("school_a").get(reverse("events:my_tasks"))
    return reverse("events:organisation_ics", args=[CalendarFeed.objects.get(membership__organisation=org_a).token])


def test_the_address_dies_with_the_membership(client, feed_url, school_a, org_a):
    assert "Задача всех ОО" in client.get(feed_url).content.decode()
    Membership.objects.filter(user=school_a, organisation=org_a).delete()
    response = client.get(feed_url)
    assert response.status_code == 404 and "Задача всех ОО" not in response.content.decode()
    # Made a member again, the person gets a new address; the old one stays dead.
    Membership.objects.create(user=school_a, organisation=org_a)
    assert client.get(feed_url).status_code == 404


def test_the_address_dies_when_the_user_is_deactivated(client, feed_url, school_a):
    assert client.get(feed_url).status_code == 200
    school_a.is_active = False
    school_a.save()
    assert client.get(feed_url).status_code == 404


def test_each_member_has_an_address_of_their_own(client, feed_url, org_a, client_for):
    """Two people of one school: removing one does not silence the other's calendar."""
    from tests.factories import UserFactory

    colleague = UserFactory(username="school_a2", organisations=[org_a])
    client_for("school_a")  # keep the fixture's persona signed in elsewhere
    client.force_login(colleague)
    client.get(reverse("events:my_tasks"))
    theirs = reverse("events:organisation_ics", args=[CalendarFeed.objects.get(membership__user=colleague).token])
    assert theirs != feed_url
    Membership.objects.filter(user__username="school_a", organisation=org_a).delete()
    client.logout()
    assert client.get(feed_url).status_code == 404
    assert "Задача всех ОО" in client.get(theirs).content.decode()


@pytest.fixture
def running_plan(db, org_a, org_b, school_a, school_b, imc, methodist):
    """A current plan: one item due in 5 days, one overdue, one done."""
    from tests.factories import AcademicYearFactory

    year = AcademicYearFactory(start_year=2026, is_current=False)
    plan = EventPlanFactory(
        academic_year=year,
        municipality=org_a.municipality,
        period_start=datetime.date(2026, 11, 15),
        period_end=datetime.date(2027, 8, 31),
    )
    Membership.objects.filter(user__in=[school_a, school_b]).update(is_responsible=True)
    for user in (school_a, school_b, methodist):
        user.email = f"{user.username}@example.org"
        user.save()
    soon = PlanItemFactory(plan=plan, position=1, deadline_text="до 03.12.2026г", responsibles=["ОО"])
    late = PlanItemFactory(plan=plan, position=2, deadline_text="до 20.11.2026", responsibles=[imc])
    done = PlanItemFactory(plan=plan, position=3, deadline_text="до 02.12.2026", responsibles=[org_b])
    Assignment.objects.create(item=done, organisation=org_b, state="done", completed_at=datetime.date(2026, 11, 25))
    return soon, late, done


def test_reminders_once_per_item_and_stage(running_plan, org_a, org_b, imc, django_capture_on_commit_callbacks):
    soon, late, _ = running_plan
    with django_capture_on_commit_callbacks(execute=True):  # e-mail leaves after the commit
        sent = reminders_send(today=datetime.date(2026, 11, 28))
    assert {(log.item, log.organisation, log.stage) for log in sent} == {
        (soon, org_a, "upcoming"),
        (soon, org_b, "upcoming"),
        (late, imc, "overdue"),
    }
    assert len(mail.outbox) == 3
    to_a = next(m for m in mail.outbox if m.to == ["school_a@example.org"])
    assert "Скоро срок: п. 1 плана" == to_a.subject
    assert "осталось 5 дней" in to_a.body and "/plan/items/" in to_a.body
    # The next day nothing new: the same stage is never sent twice.
    assert reminders_send(today=datetime.date(2026, 11, 29)) == []
    # After the deadline the school that did not report gets the «overdue» stage once.
    later = reminders_send(today=datetime.date(2026, 12, 4))
    assert {(log.item, log.organisation, log.stage) for log in later} == {
        (soon, org_a, "overdue"),
        (soon, org_b, "overdue"),
    }
    assert ReminderLog.objects.count() == 5


def test_closed_plans_send_nothing(real_plan):
    """Order 866's plan ended in 2022: no flood of 2022 reminders in 2026."""
    assert reminders_send(today=datetime.date(2026, 11, 28)) == []


def test_command(running_plan, capsys):
    call_command("send_plan_reminders", "--date", "2026-11-28", "--dry-run")
    assert "Было бы отправлено напоминаний: 3." in capsys.readouterr().out
    assert not ReminderLog.objects.exists() and not mail.outbox
    call_command("send_plan_reminders", "--date", "2026-11-28")
    assert ReminderLog.objects.count() == 3
