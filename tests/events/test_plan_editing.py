"""Methodists edit an item's responsibles in the browser (with history) and copy a plan to the next year."""

import datetime

import pytest
from django.urls import reverse

from events import execution
from events.models import Assignment, EventPlan, Evidence, PlanItem, PlanItemResponsible, Status

from .factories import EventPlanFactory, EvidenceFactory, EvidenceKindFactory, PlanItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(year, org_a):
    return EventPlanFactory(academic_year=year, municipality=org_a.municipality)


@pytest.fixture
def item(plan, imc):
    return PlanItemFactory(plan=plan, position=18, deadline_text="до 25.12.2021", responsibles=[imc, "ОО"])


def item_post(item, forms):
    """The edit form of ``item`` as a browser sends it, with ``forms`` as the responsibles' rows."""
    data = {
        "plan": item.plan_id, "position": item.position, "number": item.number, "name": item.name,
        "deadline_text": item.deadline_text, "responsible_text": item.responsible_text, "result": item.result,
        "responsibles-TOTAL_FORMS": len(forms),
        "responsibles-INITIAL_FORMS": sum(1 for f in forms if f.get("id")),
    }  # fmt: skip
    for i, form in enumerate(forms):
        for key, value in form.items():
            data[f"responsibles-{i}-{key}"] = value
    return data


def rows(item):
    return [
        {"id": r.pk, "item": item.pk, "position": r.position, "organisation": r.organisation_id or "",
         **({"all_participants": "on"} if r.all_participants else {})}
        for r in item.responsibles.all()
    ]  # fmt: skip


def test_edit_page_lists_responsibles_with_autocomplete(client_for, item, imc):
    page = client_for("methodist").get(reverse("events:planitem_edit", args=[item.pk])).content.decode()
    start = page.index('name="responsibles-0-organisation"')
    select = page[page.rindex("<select", 0, start) : page.index("</select>", start)]
    assert "js-autocomplete" in select
    assert select.count("<option") == 2 and f'value="{imc.pk}" selected' in select  # «---» and the chosen one


def test_methodist_adds_and_removes_responsibles_and_it_is_in_the_history(client_for, item, imc, org_b, methodist):
    forms = rows(item)
    forms[0]["DELETE"] = "on"  # the ИМЦ no longer answers for the item
    forms.append({"item": item.pk, "position": 3, "organisation": org_b.pk})
    client = client_for("methodist")
    response = client.post(reverse("events:planitem_edit", args=[item.pk]), item_post(item, forms))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [str(r) for r in item.responsibles.all()] == ["ОО", str(org_b)]
    history = PlanItemResponsible.history.filter(item_id=item.pk, history_user=methodist)
    assert {h.history_type for h in history} == {"+", "-"}
    page = client.get(reverse("events:planitem_detail", args=[item.pk])).content.decode()
    assert "История ответственных" in page
    assert f"добавлен\n    ответственный «{org_b}»" in page and f"убран\n    ответственный «{imc}»" in page


def test_a_wrong_row_is_refused_and_the_typed_rows_are_kept(client_for, item, imc, org_b):
    forms = rows(item)
    forms.append({"item": item.pk, "position": 3, "organisation": org_b.pk, "all_participants": "on"})
    response = client_for("methodist").post(reverse("events:planitem_edit", args=[item.pk]), item_post(item, forms))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Укажите либо организацию, либо «все ОО»" in page
    start = page.index('name="responsibles-2-organisation"')
    assert f'value="{org_b.pk}" selected' in page[start : page.index("</select>", start)]  # still chosen
    forms[-1].pop("all_participants")
    forms[-1]["organisation"] = imc.pk
    page = client_for("methodist").post(
        reverse("events:planitem_edit", args=[item.pk]), item_post(item, forms)
    ).content.decode()
    assert "Одна и та же организация указана среди ответственных дважды." in page
    assert item.responsibles.count() == 2


def test_copy_plan_to_the_next_year(client_for, plan, item, org_a, methodist):
    kind = EvidenceKindFactory()
    item.evidence_kinds.add(kind)
    PlanItemFactory(
        plan=plan, position=10, deadline_text="По плану ГБУ ДПО РО РИПК и ППРО", responsibles=[org_a],
        pinned_start=datetime.date(2021, 12, 6), pinned_end=datetime.date(2022, 2, 28),
    )  # fmt: skip
    EvidenceFactory(assignment=Assignment.objects.create(item=item, organisation=org_a))
    client = client_for("methodist")
    response = client.post(reverse("events:plan_copy", args=[plan.pk]), follow=True)
    copy = EventPlan.objects.exclude(pk=plan.pk).get()
    assert "План скопирован на" in response.content.decode()
    assert copy.academic_year.start_year == plan.academic_year.start_year + 1
    assert not copy.is_published and not copy.order_number
    assert (copy.period_start, copy.period_end) == (datetime.date(2022, 11, 15), datetime.date(2023, 8, 31))
    new_item = copy.items.get(position=18)
    assert new_item.deadline_text == "до 25.12.2022" and new_item.due == datetime.date(2022, 12, 25)
    assert [str(r) for r in new_item.responsibles.all()] == [str(r) for r in item.responsibles.all()]
    assert list(new_item.evidence_kinds.all()) == [kind]
    new_pinned = copy.items.get(position=10)
    assert (new_pinned.pinned_start, new_pinned.pinned_end) == (datetime.date(2022, 12, 6), datetime.date(2023, 2, 28))
    assert [str(r) for r in new_pinned.responsibles.all()] == [str(org_a)]
    # Nothing of the old execution is copied: every line starts afresh.
    assert not Assignment.objects.filter(item__plan=copy).exists()
    assert Evidence.objects.filter(assignment__item__plan=copy).count() == 0
    items = execution.items_queryset(PlanItem.objects.filter(pk=new_item.pk))
    state = execution.item_states(items, day=datetime.date(2022, 12, 1))
    assert {line.status for line in state[0].lines} == {Status.NOT_STARTED}
    assert copy.history.get().history_user == methodist
    # A second copy to the same year is refused, and nothing is duplicated.
    response = client.post(reverse("events:plan_copy", args=[plan.pk]), follow=True)
    assert "уже есть" in response.content.decode()
    assert EventPlan.objects.count() == 2


@pytest.mark.parametrize("persona, status", [("school_a", 403), ("official", 403)])
def test_only_methodists_copy_a_plan(client_for, plan, item, persona, status):
    assert client_for(persona).post(reverse("events:plan_copy", args=[plan.pk])).status_code == status
    assert EventPlan.objects.count() == 1
