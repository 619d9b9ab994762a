"""Execution of the plan as users meet it: statuses, «Мои задачи», evidence, district overview."""

import datetime
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events import execution
from events.models import Assignment, Evidence, PlanItem, Status
from tests.factories import OrganisationFactory
from tests.querycount import assert_constant_queries

from .factories import PDF_BYTES, AssignmentFactory, EventPlanFactory, EvidenceFactory, PlanItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(year, org_a):
    return EventPlanFactory(academic_year=year, municipality=org_a.municipality)


@pytest.fixture
def oo_item(plan, imc):
    """«Мониторинг … Декабрь 2021, май 2022 — УО Сальского района, ОО» (item 18 of the plan)."""
    return PlanItemFactory(plan=plan, position=18, responsibles=[imc, "ОО"])


def states(item, day):
    return execution.item_states(execution.items_queryset(type(item).objects.filter(pk=item.pk)), day=day)[0]


def test_oo_gives_every_participating_school_its_own_line(oo_item, org_a, org_b, imc):
    OrganisationFactory(short_name="МБДОУ не участник", is_participant=False)
    lines = states(oo_item, datetime.date(2021, 11, 20)).lines
    assert [line.organisation for line in lines] == [imc, org_a, org_b]
    assert [line.via_all for line in lines] == [False, True, True]


def test_status_is_computed_from_dates_and_reports(oo_item, org_a, org_b, imc):
    before = states(oo_item, datetime.date(2021, 11, 20))
    assert {line.status for line in before.lines} == {Status.NOT_STARTED}
    AssignmentFactory(item=oo_item, organisation=org_a, started_at=datetime.date(2021, 12, 1))
    EvidenceFactory(assignment=Assignment.objects.get(organisation=org_a))
    # After the December checkpoint: a school with no report is overdue, one that reported is in progress.
    january = {line.organisation: line.status for line in states(oo_item, datetime.date(2022, 1, 10)).lines}
    assert january == {imc: Status.OVERDUE, org_a: Status.IN_PROGRESS, org_b: Status.OVERDUE}
    for org in (imc, org_a, org_b):
        Assignment.objects.update_or_create(
            item=oo_item, organisation=org, defaults={"state": "done", "completed_at": datetime.date(2022, 5, 30)}
        )
    done = states(oo_item, datetime.date(2026, 11, 28))
    assert done.status == Status.DONE and done.done_count == 3


def test_unpinned_external_item_is_overdue_only_after_the_plan_ends(plan, org_a):
    item = PlanItemFactory(plan=plan, deadline_text="По плану ЦНППМПР", responsibles=[org_a])
    assert item.needs_pinning and item.due is None
    assert states(item, datetime.date(2022, 6, 1)).status == Status.NOT_STARTED
    assert states(item, datetime.date(2022, 9, 1)).status == Status.OVERDUE
    item.pinned_end = datetime.date(2022, 3, 25)
    item.save()
    assert states(item, datetime.date(2022, 4, 1)).status == Status.OVERDUE


def test_school_sees_its_own_tasks_and_reports(client_for, oo_item, org_a, school_a):
    client = client_for("school_a")
    page = client.get(reverse("events:my_tasks")).content.decode()
    assert "Мониторинг процесса реализации программ наставничества" in page
    assert "п. 18 приложения 5 к приказу от 15.11.2021 № 866" in page
    url = reverse("events:line", args=[oo_item.pk, org_a.pk])
    upload = SimpleUploadedFile("spravka.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(url, {"title": "Аналитическая справка", "file": upload})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.assignment.organisation == org_a and evidence.created_by == school_a
    assert evidence.history.count() == 1
    response = client.post(reverse("events:assignment_complete", args=[oo_item.pk, org_a.pk]))
    assignment = Assignment.objects.get(organisation=org_a)
    assert assignment.completed_at is not None and assignment.state == Assignment.State.DONE
    assert client.get(reverse("events:evidence_file", args=[evidence.pk])).status_code == 200


def test_done_needs_evidence(client_for, oo_item, org_a):
    client = client_for("school_a")
    response = client.post(
        reverse("events:assignment_complete", args=[oo_item.pk, org_a.pk]), follow=True
    )
    assert "приложите хотя бы одно подтверждение" in response.content.decode()
    assert not Assignment.objects.filter(completed_at__isnull=False).exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("report.pdf", b"MZ\x90\x00" + b"\x00" * 100, "исполняемая программа"),
        ("report.pdf", b"just some text, not a pdf at all", "не соответствует расширению"),
        ("setup.exe", b"MZ\x90\x00", "допустимы только"),
    ],
)
def test_bad_evidence_file_is_refused_with_a_reason(client_for, oo_item, org_a, name, content, reason):
    client = client_for("school_a")
    url = reverse("events:line", args=[oo_item.pk, org_a.pk])
    upload = SimpleUploadedFile(name, content)
    response = client.post(url, {"title": "Справка", "file": upload, "text": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert reason in page
    assert 'value="Справка"' in page  # what was typed is kept
    assert not Evidence.objects.exists()


def test_oversized_evidence_is_refused(client_for, oo_item, org_a, settings):
    settings.MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 10))
    response = client_for("school_a").post(
        reverse("events:line", args=[oo_item.pk, org_a.pk]), {"title": "Справка", "file": upload}
    )
    assert "слишком большой" in response.content.decode()
    assert not Evidence.objects.exists()


def test_another_schools_line_is_404(client_for, oo_item, org_a):
    client = client_for("school_b")
    assert client.get(reverse("events:line", args=[oo_item.pk, org_a.pk])).status_code == 404
    assert (
        client.post(
            reverse("events:line", args=[oo_item.pk, org_a.pk]), {"title": "x", "text": "y"}
        ).status_code
        == 404
    )


def test_non_responsible_organisation_has_no_line(client_for, plan, org_a, imc):
    item = PlanItemFactory(plan=plan, responsibles=[imc])
    assert client_for("methodist").get(reverse("events:line", args=[item.pk, org_a.pk])).status_code == 404


def test_methodist_sees_overdue_items_across_the_district(client_for, oo_item, org_a, org_b, imc):
    """Today (2026) the 2021-2022 item is overdue for every school that did not report."""
    Assignment.objects.create(item=oo_item, organisation=org_a, state="done", completed_at=datetime.date(2022, 5, 20))
    client = client_for("methodist")
    page = client.get(reverse("events:planitem_list") + "?status=overdue").content.decode()
    assert "Мониторинг процесса реализации программ наставничества" in page
    detail = client.get(reverse("events:planitem_detail", args=[oo_item.pk])).content.decode()
    assert str(org_b) in detail and "просрочено" in detail
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "План мероприятий: сроки" in dashboard and "п. 18." in dashboard
    assert "1 из 3" in client.get(reverse("events:planitem_list")).content.decode()


def test_school_detail_shows_only_its_own_line(client_for, oo_item, org_a, org_b):
    EvidenceFactory(assignment=AssignmentFactory(item=oo_item, organisation=org_b), title="Справка школы Б")
    page = client_for("school_a").get(reverse("events:planitem_detail", args=[oo_item.pk])).content.decode()
    assert str(org_a) in page and str(org_b) not in page and "Справка школы Б" not in page


def test_upcoming_on_the_school_dashboard(client_for, year, org_a, monkeypatch):
    plan = EventPlanFactory(academic_year=year, municipality=org_a.municipality)
    PlanItemFactory(
        plan=plan,
        position=1,
        deadline_text="до 01.12.2021г",
        name="Формирование базы наставников",
        responsibles=["ОО"],
    )
    monkeypatch.setattr(execution, "today", lambda: datetime.date(2021, 11, 28))
    page = client_for("school_a").get(reverse("dashboard")).content.decode()
    assert "01.12.2021" in page and "Формирование базы наставников" in page


def test_unknown_deadline_typed_by_methodist_is_kept_and_flagged(client_for, oo_item):
    data = {
        "plan": oo_item.plan_id,
        "position": 18,
        "number": "18.",
        "name": oo_item.name,
        "deadline_text": "по мере поступления заявок",
        "responsible_text": "УО Сальского района, ОО",
        "result": "Аналитическая справка",
        "responsibles-TOTAL_FORMS": 0,
        "responsibles-INITIAL_FORMS": 0,
    }
    response = client_for("methodist").post(
        reverse("events:planitem_edit", args=[oo_item.pk]), data, follow=True
    )
    assert "не распознан" in response.content.decode()
    oo_item.refresh_from_db()
    assert oo_item.deadline_text == "по мере поступления заявок" and oo_item.needs_pinning


def test_evidence_needs_a_file_a_link_or_a_text(client_for, oo_item, org_a):
    response = client_for("school_a").post(
        reverse("events:line", args=[oo_item.pk, org_a.pk]), {"title": "Справка"}
    )
    assert (
        response.content.decode().count("Приложите файл, укажите ссылку или напишите текстовый отчёт.") == 1
    )
    assert not Evidence.objects.exists()


def _point_cells(page: str) -> dict[str, str]:
    """«Мои задачи»: the basis (order point) under each duty, keyed by the duty's title."""
    cells = {}
    for row in re.findall(r'<li class="[^"]*\bduty\b[^"]*">(.*?)</li>', page, flags=re.S):
        title = re.search(r'class="duty-title">(.*?)</span>', row, flags=re.S).group(1)
        basis = re.search(r"Основание: (.*?)(?:<| · )", row, flags=re.S).group(1)
        cells[" ".join(html.unescape(title).split())] = " ".join(html.unescape(basis).split())
    return cells


@pytest.fixture
def order_duty(year, org_a):
    """A task made from p. 2.1 of order № 412 (orders.services: the order's plan has ``appendix_number`` 0, the
    item the next free ``position``, the point's number in ``number``)."""
    duties = EventPlanFactory(
        title="Поручения: приказ от 01.09.2025 № 412",
        order_number="412",
        order_date=datetime.date(2025, 9, 1),
        appendix_number=0,
        academic_year=year,
        municipality=org_a.municipality,
        is_published=False,
    )
    return PlanItemFactory(
        plan=duties,
        position=1,
        number="2.1",
        name="Представить план работы с молодыми специалистами",
        deadline_text="до 01.11.2025",
        result="Исполнение п. 2.1 приказа от 01.09.2025 № 412",
        responsibles=[org_a],
    )


def test_my_tasks_names_the_point_of_the_order_or_the_printed_number_of_the_plan(
    client_for, plan, org_a, order_duty
):
    """Each duty names its basis: an order's task the order's point, not its place in the order's plan; a plan
    item its number as printed in the plan («3.1») in Appendix 5, not the internal position."""
    PlanItemFactory(plan=plan, position=7, number="3.1", name="Семинар наставников", responsibles=["ОО"])
    page = client_for("school_a").get(reverse("events:my_tasks")).content.decode()
    cells = _point_cells(page)
    assert cells["Представить план работы с молодыми специалистами"] == "п. 2.1 приказа от 01.09.2025 № 412"
    seminar = next(name for name in cells if name.startswith("Семинар наставников"))
    assert cells[seminar] == "п. 3.1 приложения 5 к приказу от 15.11.2021 № 866"
    assert "п. 1 " not in " ".join(cells.values()) and "п. 7" not in html.unescape(page)


def test_my_tasks_queries_do_not_grow_with_tasks_of_plans_and_orders(client_for, plan, org_a, order_duty):
    def grow():
        PlanItemFactory(plan=plan, responsibles=["ОО"])
        PlanItemFactory(plan=order_duty.plan, number=f"3.{PlanItem.objects.count()}", responsibles=[org_a])

    grow()  # one row of each kind to start with: «ОО» rows cost the participants' query once
    client = client_for("school_a")
    client.get(reverse("events:my_tasks"))  # creates the calendar address on the first visit
    assert_constant_queries(client, reverse("events:my_tasks"), grow)
    assert client.get(reverse("events:my_tasks")).content.decode().count('class="duty-title"') == 7
