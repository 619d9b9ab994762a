"""«Опубликовать план» / «Снять с публикации»: a methodist publishes the copy for the new year from the portal."""

import datetime
from urllib.parse import unquote

import pytest
from django.urls import reverse

from events.models import EventPlan
from tests.factories import AcademicYearFactory, MunicipalityFactory

from .factories import EventPlanFactory, PlanItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(year, org_a):
    plan = EventPlanFactory(academic_year=year, municipality=org_a.municipality)
    PlanItemFactory(plan=plan, responsibles=["ОО"])
    return plan


@pytest.fixture
def copy(plan, org_a):
    """The unpublished copy «Скопировать план на новый учебный год» makes."""
    copy = EventPlanFactory(
        title="План на 2022-2023",
        academic_year=AcademicYearFactory(start_year=2022, is_current=False),
        municipality=org_a.municipality,
        period_start=datetime.date(2022, 11, 15),
        period_end=datetime.date(2023, 8, 31),
        is_published=False,
    )
    PlanItemFactory(plan=copy, name="Семинар наставников нового года", responsibles=["ОО"])
    return copy


def test_methodist_publishes_the_copy_and_it_appears_on_the_plan_page(client_for, client, plan, copy, methodist):
    page = reverse("events:public_plan") + f"?plan={copy.pk}"
    assert client.get(page).status_code == 404  # not published: nobody sees it without signing in
    methodist_client = client_for("methodist")
    preview = methodist_client.get(page).content.decode()
    assert "План не опубликован" in preview and "Опубликовать план" in preview
    default = methodist_client.get(reverse("events:public_plan")).content.decode()
    assert "Не опубликованы (видят только методисты и руководство)" in default

    response = methodist_client.post(reverse("events:plan_publish", args=[copy.pk]), follow=True)
    assert response.redirect_chain[-1][0] == page
    assert "План на 2022-2023 учебный год опубликован" in response.content.decode()
    copy.refresh_from_db()
    assert copy.is_published
    record = copy.history.first()
    assert record.history_user == methodist and record.history_change_reason == "Опубликован на странице плана"

    client.logout()
    public = client.get(page)
    assert public.status_code == 200 and "Семинар наставников нового года" in public.content.decode()
    listed = client.get(reverse("events:public_plan")).content.decode()  # Order 866's plan, with the other years
    assert f'?plan={copy.pk}">2022-2023 учебный год</a>' in listed


def test_methodist_unpublishes_a_plan(client_for, client, plan, copy, methodist):
    copy.is_published = True
    copy.save()
    response = client_for("methodist").post(reverse("events:plan_unpublish", args=[copy.pk]), follow=True)
    assert "снят с публикации" in response.content.decode()
    copy.refresh_from_db()
    assert not copy.is_published
    record = copy.history.first()
    assert record.history_user == methodist and record.history_change_reason == "Снят с публикации"
    client.logout()
    assert client.get(reverse("events:public_plan") + f"?plan={copy.pk}").status_code == 404


def test_a_second_published_plan_for_the_same_year_is_refused(client_for, plan, org_a):
    second = EventPlanFactory(academic_year=plan.academic_year, municipality=org_a.municipality, is_published=False)
    PlanItemFactory(plan=second)
    response = client_for("methodist").post(reverse("events:plan_publish", args=[second.pk]), follow=True)
    page = response.content.decode()
    assert "уже опубликован" in page and "Снимите его с публикации" in page
    second.refresh_from_db()
    assert not second.is_published and second.history.count() == 1  # only its creation
    # Another municipality's plan for the same year is its own business.
    other = EventPlanFactory(
        academic_year=plan.academic_year,
        municipality=MunicipalityFactory(name="Целинский район", is_default=False),
        is_published=False,
    )
    PlanItemFactory(plan=other)
    client_for("methodist").post(reverse("events:plan_publish", args=[other.pk]))
    assert EventPlan.objects.get(pk=other.pk).is_published


def test_order_duties_are_not_published(client_for, year, org_a):
    duties = EventPlanFactory(
        academic_year=year, municipality=org_a.municipality, appendix_number=0, is_published=False
    )
    PlanItemFactory(plan=duties, number="2.1")
    client = client_for("methodist")
    preview = client.get(reverse("events:public_plan") + f"?plan={duties.pk}").content.decode()
    assert "Опубликовать план" not in preview
    page = client.post(reverse("events:plan_publish", args=[duties.pk]), follow=True).content.decode()
    assert "не публикуются на странице плана" in page
    assert not EventPlan.objects.get(pk=duties.pk).is_published


def test_order_duties_are_printed_as_no_appendix(client_for, year, org_a):
    """The plan of an order's duties (appendix 0) is the order's points: its page, PDF and file name say no
    «Приложение 0», and «Отчёты» offers it for the execution report, not as a plan to print."""
    duties = EventPlanFactory(academic_year=year, municipality=org_a.municipality, appendix_number=0,
                              is_published=False, order_number="412")
    PlanItemFactory(plan=duties, number="2.1")
    client = client_for("methodist")
    page = client.get(reverse("events:public_plan") + f"?plan={duties.pk}").content.decode()
    printed = client.get(reverse("events:plan_pdf") + f"?plan={duties.pk}&format=html").content.decode()
    for text in (page, printed):
        assert "Приложение 0" not in text and "приложение 0" not in text
    pdf = client.get(reverse("events:plan_pdf") + f"?plan={duties.pk}")
    assert "Поручения по приказу № 412.pdf" in unquote(pdf["Content-Disposition"])
    reports = client.get(reverse("reports")).content.decode()
    plan_card = reports.split('id="report-plan"')[1].split('id="report-')[0]
    execution_card = reports.split('id="report-execution"')[1].split('id="report-')[0]
    assert f'<option value="{duties.pk}"' not in plan_card and f'<option value="{duties.pk}"' in execution_card


@pytest.mark.parametrize(("persona", "status"), [("school_a", 404), ("school_b", 404), ("official", 403)])
def test_schools_and_officials_may_not_publish(client_for, copy, persona, status):
    """Officials see the draft but may not publish it (403); to schools it does not exist yet (404)."""
    client = client_for(persona)
    assert client.post(reverse("events:plan_publish", args=[copy.pk])).status_code == status
    assert client.post(reverse("events:plan_unpublish", args=[copy.pk])).status_code == status
    copy.refresh_from_db()
    assert not copy.is_published and copy.history.count() == 1
    items = client.get(reverse("events:planitem_list") + f"?plan={copy.pk}").content.decode()
    assert "Опубликовать план" not in items


def test_anonymous_is_sent_to_sign_in(client, copy):
    response = client.post(reverse("events:plan_publish", args=[copy.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_items_list_of_the_copy_offers_publishing(client_for, copy):
    page = client_for("methodist").get(reverse("events:planitem_list") + f"?plan={copy.pk}").content.decode()
    assert reverse("events:plan_publish", args=[copy.pk]) in page and "Страница плана" in page


def test_an_unpublished_plan_is_seen_by_methodists_and_officials_only(client_for, plan, copy):
    """A copy for the new year is a draft: its items reach no school — not in the list filtered by it, not on
    the item's page, not in «Мои задачи», the month calendar or the dashboard — until a methodist publishes it."""
    item = copy.items.get()
    listing = reverse("events:planitem_list") + f"?plan={copy.pk}"
    school = client_for("school_a")
    assert "Семинар наставников нового года" not in school.get(listing).content.decode()
    assert "Семинар наставников нового года" not in school.get(reverse("events:planitem_list")).content.decode()
    assert school.get(reverse("events:planitem_detail", args=[item.pk])).status_code == 404
    assert "Семинар наставников нового года" not in school.get(reverse("events:my_tasks")).content.decode()
    assert "Семинар наставников нового года" not in school.get(
        reverse("events:calendar") + "?month=2023-05"
    ).content.decode()
    for persona in ("methodist", "official"):
        staff = client_for(persona)
        assert "Семинар наставников нового года" in staff.get(listing).content.decode(), persona
        assert staff.get(reverse("events:planitem_detail", args=[item.pk])).status_code == 200, persona

    copy.is_published = True
    copy.save()
    school = client_for("school_a")
    assert "Семинар наставников нового года" in school.get(listing).content.decode()
    assert school.get(reverse("events:planitem_detail", args=[item.pk])).status_code == 200
    assert "Семинар наставников нового года" in school.get(reverse("events:my_tasks")).content.decode()
