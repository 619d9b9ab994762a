"""The plan line's transition table (events/workflows.py) as users meet it: the buttons a page offers, the
transitions allowed and refused (in Russian), history with the Russian name, another school's line, the bulk
«Вернуть на доработку» of the item's page."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from events.models import Assignment
from events.workflows import LINE

from .factories import AssignmentFactory, EventPlanFactory, EvidenceFactory, PlanItemFactory

pytestmark = pytest.mark.django_db

S = Assignment.State


@pytest.fixture
def item(year, org_a, imc):
    plan = EventPlanFactory(academic_year=year, municipality=org_a.municipality)
    return PlanItemFactory(plan=plan, position=18, responsibles=[imc, "ОО"])


def url(code, item, org):
    return reverse(f"events:assignment_{code}", args=[item.pk, org.pk])


def line_page(client, item, org):
    return client.get(reverse("events:line", args=[item.pk, org.pk])).content.decode()


def test_the_page_offers_only_the_transitions_allowed_now(client_for, item, org_a):
    client = client_for("school_a")
    page = line_page(client, item, org_a)
    # No row yet: «назначено» — start or complete; nothing to reopen or return.
    assert url("start", item, org_a) in page and url("complete", item, org_a) in page
    assert url("reopen", item, org_a) not in page and url("return", item, org_a) not in page
    assert client.post(url("start", item, org_a)).status_code == 302
    line = Assignment.objects.get(item=item, organisation=org_a)
    assert line.state == S.IN_PROGRESS and line.started_at is not None
    page = line_page(client, item, org_a)
    assert url("start", item, org_a) not in page and url("complete", item, org_a) in page
    EvidenceFactory(assignment=line)
    client.post(url("complete", item, org_a))
    line.refresh_from_db()
    assert line.state == S.DONE and line.completed_at is not None
    page = line_page(client, item, org_a)
    assert url("reopen", item, org_a) in page and url("complete", item, org_a) not in page
    # Returning for rework is the methodist's: the school is not offered it.
    assert url("return", item, org_a) not in page
    assert url("return", item, org_a) in line_page(client_for("methodist"), item, org_a)
    assert not client_for("official").post(url("reopen", item, org_a)).status_code == 302


def test_refusals_are_russian_and_change_nothing(client_for, item, org_a):
    client = client_for("school_a")
    response = client.post(url("complete", item, org_a), follow=True)
    assert "приложите хотя бы одно подтверждение" in response.content.decode()
    assert not Assignment.objects.filter(state=S.DONE).exists()
    line = Assignment.objects.get(item=item, organisation=org_a)
    response = client.post(url("reopen", item, org_a), follow=True)
    page = response.content.decode()
    assert "Вернуть в работу можно только выполненную строку." in page and "«назначено»" in page
    line.refresh_from_db()
    assert line.state == S.ASSIGNED
    # A school may not return its own line for rework (403 with the table's reason).
    EvidenceFactory(assignment=line)
    client.post(url("complete", item, org_a))
    response = client.post(url("return", item, org_a), {"comment": "ещё раз"})
    assert response.status_code == 403
    line.refresh_from_db()
    assert line.state == S.DONE and line.remarks == ""


def test_return_needs_remarks_and_history_names_each_transition(client_for, item, org_a, methodist):
    line = AssignmentFactory(item=item, organisation=org_a)
    EvidenceFactory(assignment=line)
    school = client_for("school_a")
    school.post(url("complete", item, org_a))
    methodist_client = client_for("methodist")
    response = methodist_client.post(url("return", item, org_a), {"comment": "  "}, follow=True)
    assert "без замечаний строка не возвращается" in response.content.decode()
    line.refresh_from_db()
    assert line.state == S.DONE
    methodist_client.post(url("return", item, org_a), {"comment": "Приложите протокол заседания."})
    line.refresh_from_db()
    assert line.state == S.RETURNED and line.completed_at is None and line.remarks == "Приложите протокол заседания."
    page = line_page(client_for("school_a"), item, org_a)
    assert "Приложите протокол заседания." in page and "Возвращено на доработку" in page
    # Back to «выполнено» from «возвращено».
    school.post(url("complete", item, org_a))
    line.refresh_from_db()
    assert line.state == S.DONE
    reasons = list(line.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons[-3:] == ["complete", "return", "complete"]
    page = line_page(school, item, org_a)
    for name in ("Отметка о выполнении", "Возврат на доработку"):
        assert name in page
    assert ">complete<" not in page and ">return<" not in page


def test_evidence_starts_the_line(client_for, item, org_a):
    client = client_for("school_a")
    client.post(reverse("events:line", args=[item.pk, org_a.pk]), {"title": "Справка", "text": "Проведено."})
    line = Assignment.objects.get(item=item, organisation=org_a)
    assert line.state == S.IN_PROGRESS
    assert list(line.history.values_list("history_change_reason", flat=True))[0] == "start"


def test_another_school_cannot_move_the_line(client_for, item, org_a):
    line = AssignmentFactory(item=item, organisation=org_a)
    EvidenceFactory(assignment=line)
    client = client_for("school_b")
    for code in ("start", "complete"):
        assert client.post(url(code, item, org_a)).status_code == 404
    line.refresh_from_db()
    assert line.state == S.ASSIGNED
    # Nor through the bulk view: school B is refused before anything is read.
    response = client.post(reverse("events:assignment_bulk_return"), {"pk": [line.pk], "comment": "x"})
    assert response.status_code == 403


def test_bulk_return_reports_each_line(client_for, item, org_a, org_b):
    done_a = AssignmentFactory(item=item, organisation=org_a)
    EvidenceFactory(assignment=done_a)
    open_b = AssignmentFactory(item=item, organisation=org_b)
    client = client_for("school_a")
    client.post(url("complete", item, org_a))
    methodist = client_for("methodist")
    detail = methodist.get(reverse("events:planitem_detail", args=[item.pk])).content.decode()
    assert reverse("events:assignment_bulk_return") in detail and f'value="{done_a.pk}"' in detail
    confirm = methodist.get(reverse("events:assignment_bulk_return"), {"pk": [done_a.pk, open_b.pk]})
    assert "Вернуть на доработку можно только выполненную строку." in confirm.content.decode()
    response = methodist.post(
        reverse("events:assignment_bulk_return"), {"pk": [done_a.pk, open_b.pk], "comment": "Нужен протокол."}
    )
    page = response.content.decode()
    assert "Выполнено: 1 из 2." in page
    # Each line names its organisation once (the line is «<организация>: п. N»), on the confirmation too.
    for html in (page, confirm.content.decode()):
        for org in (org_a, org_b):
            assert html.count(escape(str(org))) == 1, org
    done_a.refresh_from_db()
    open_b.refresh_from_db()
    assert done_a.state == S.RETURNED and done_a.remarks == "Нужен протокол."
    assert open_b.state == S.ASSIGNED


def test_the_table_is_the_status_source(item, org_a):
    """«выполнено» in the table is what the plan's status reads; the database refuses a done line without a date."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(item=item, organisation=org_a, state=S.DONE)
    assert [t.code for t in LINE] == ["start", "complete", "reopen", "return"]


def test_a_returned_line_shows_one_status(client_for, item, org_a):
    """A line returned for rework reads «возвращено на доработку» wherever its status shows (the line, the item,
    «Мои задачи»), never a computed «выполняется» beside it; past its deadline it says both in one badge."""
    from events.execution import Line
    from events.models import Status

    line = AssignmentFactory(item=item, organisation=org_a)
    EvidenceFactory(assignment=line)
    client_for("school_a").post(url("complete", item, org_a))
    client_for("methodist").post(url("return", item, org_a), {"comment": "Приложите протокол."})
    line.refresh_from_db()
    assert line.state == S.RETURNED
    # The item's deadline («Декабрь 2021, май 2022») has passed: one badge says both.
    item_page = client_for("methodist").get(reverse("events:planitem_detail", args=[item.pk])).content.decode()
    row = item_page[item_page.index(escape(str(org_a))) :]
    row = row[: row.index("</tr>")]
    for page in (line_page(client_for("school_a"), item, org_a), row):
        # row: the line's row of the item's page (the item itself is overdue: its own badge says so)
        assert ">возвращено на доработку, просрочено<" in page
        assert ">просрочено<" not in page and ">выполняется<" not in page and "в работе" not in page
    tasks = client_for("school_a").get(reverse("events:my_tasks") + "?years=all").content.decode()
    assert '<div class="small">возвращено на доработку, просрочено</div>' in tasks and ">Доработать<" in tasks
    # Before the deadline: «возвращено на доработку», not «выполняется».
    shown = Line(item=item, organisation=org_a, assignment=line, via_all=True, status=Status.IN_PROGRESS)
    assert (shown.status_label, shown.status_css) == ("возвращено на доработку", "warning")
    line.state = S.IN_PROGRESS
    shown = Line(item=item, organisation=org_a, assignment=line, via_all=True, status=Status.IN_PROGRESS)
    assert shown.status_label == "выполняется"
