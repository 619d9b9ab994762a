"""A point that assigns a duty with a deadline becomes a task of the addressed organisations («Мои задачи»)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events.models import PlanItem, PlanItemResponsible
from orders import services
from orders.models import Order, OrderPoint
from tests.factories import AcademicYearFactory

from .factories import OrderPointFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2025, 11, 1)


@pytest.fixture
def draft(world):
    AcademicYearFactory(start_year=2025, is_current=False)
    order = world["order_draft"]
    OrderPointFactory(order=order, level=1, text="Руководителю МБОУ СОШ № 1:").addressees.add(world["org_a"])
    OrderPointFactory(
        order=order, level=2, text="Представить план работы с молодыми специалистами.", deadline=DUE,
        duty=OrderPoint.Duty.PLAN_ITEM,
    )
    OrderPointFactory(
        order=order, level=1, text="Всем ОО провести методический час.", deadline=DUE, duty=OrderPoint.Duty.PLAN_ITEM
    )
    return order


def test_signing_creates_plan_items_for_the_addressees_seen_in_my_tasks(world, draft, methodist, client_for):
    notes = services.order_sign(order=draft, user=methodist)
    assert len(notes) == 2 and all("01.11.2025" in note and "«Мои задачи»" in note for note in notes)
    point = draft.points.get(text__startswith="Представить")
    item = point.plan_item
    assert item is not None and item.number == "2.1" and item.due == DUE
    assert item.name == point.text and item.deadline_text == "до 01.11.2025"
    assert item.order_point == "п. 2.1 приказа от 01.09.2025 № 78"
    plan = item.plan
    assert not plan.is_published and plan.appendix_number == 0 and plan.order_number == "78"
    assert plan.academic_year.start_year == 2025 and plan.period_start == draft.date and plan.period_end >= DUE
    assert [r.organisation for r in item.responsibles.all()] == [world["org_a"]]  # the parent point's addressee
    everyone = draft.points.get(text__startswith="Всем").plan_item
    assert everyone.plan == plan and everyone.responsibles.get().all_participants  # no addressees: «ОО»
    # In history, with who and why.
    record = item.history.get()
    assert record.history_user == methodist and "приказа от 01.09.2025 № 78" in record.history_change_reason
    assert PlanItemResponsible.history.filter(item_id=item.pk).count() == 1
    # School A sees both tasks with the deadline; school B only the one for every participant.
    page_a = client_for("school_a").get("/plan/my/").content.decode()
    assert "Представить план работы с молодыми специалистами." in page_a and "01.11.2025" in page_a
    assert "п. 2.1 приказа от 01.09.2025 № 78" in page_a
    page_b = client_for("school_b").get("/plan/my/").content.decode()
    assert "Представить план работы" not in page_b and "Всем ОО провести методический час." in page_b


def test_duties_are_created_once(world, draft, methodist):
    services.order_sign(order=draft, user=methodist)
    count = PlanItem.objects.count()
    order = Order.objects.get(pk=draft.pk)
    assert services.order_assign_duties(order=order, user=methodist) == []
    order.duties_assigned_at = None  # even asked again point by point, a point keeps its one task
    notes = services.order_assign_duties(order=order, user=methodist)
    assert PlanItem.objects.count() == count and all("уже создана" in note for note in notes)


def test_order_page_and_composer_say_what_a_point_creates(world, draft, methodist, client_for):
    client = client_for("methodist")
    page = client.get(f"/orders/{draft.pk}/").content.decode()
    assert "При подписании создаст задачу со сроком 01.11.2025 в «Мои задачи» для 1 организации" in page
    assert "для всех ОО — участников ЦМН" in page
    composer = client.get(f"/orders/{draft.pk}/edit/").content.decode()
    assert "При подписании создаст задачу со сроком 01.11.2025 в «Мои задачи» для 1 организации" in composer
    services.order_sign(order=draft, user=methodist)
    page = client.get(f"/orders/{draft.pk}/").content.decode()
    item = draft.points.get(text__startswith="Представить").plan_item
    assert "создана задача в плане поручений (до 01.11.2025)" in page and f"/plan/items/{item.pk}/" in page


def test_plan_item_duty_needs_a_deadline(world):
    point = OrderPoint(order=world["order_draft"], text="Задача", duty=OrderPoint.Duty.PLAN_ITEM)
    with pytest.raises(ValidationError, match="задача адресатам"):
        point.full_clean()


def test_a_point_citing_the_pilot_appendix_counts_its_organisations_on_the_order_page(world, client_for):
    """The order's card counts the pilot organisations a point addresses (a number, no rows) — for every
    reader of the card, under the scoping guard that refuses an unscoped read of a school's rows."""
    from schools.models import PilotParticipant

    from .factories import OrderAppendixFactory

    order = world["order_draft"]
    OrderAppendixFactory(
        order=order, number=2, kind="pilot_organisations", title="", body="", params={"project": world["project"].pk}
    )
    OrderPointFactory(
        order=order, level=1, text="Организациям Приложения 2 представить отчёт.", deadline=DUE,
        duty=OrderPoint.Duty.PLAN_ITEM,
    )
    pilots = PilotParticipant.objects.unscoped(reason="test").filter(project=world["project"]).count()
    assert pilots >= 1
    response = client_for("methodist").get(f"/orders/{order.pk}/")
    assert response.status_code == 200
    expected = f"При подписании создаст задачу со сроком 01.11.2025 в «Мои задачи» для {pilots} "
    assert expected in response.content.decode()
