"""The published plan, exports and constant query counts."""

import io

import pytest
from django.urls import reverse
from django.utils.html import escape

from events.appendices import HEADERS
from tests.downloads import xlsx_table
from tests.querycount import assert_constant_queries, count_queries

from .factories import AssignmentFactory, EventPlanFactory, EvidenceFactory, PlanItemFactory
from .seed import seed_rows, seed_title

pytestmark = pytest.mark.django_db


def test_public_plan_shows_the_22_items_as_the_seed_has_them(client, real_plan):
    response = client.get(reverse("events:public_plan"))
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(seed_title()) in page
    for column in HEADERS:
        assert f">{column}</th>" in page
    for number, name, deadline, responsible, result in seed_rows():
        row = page.split(f'id="item-{number.rstrip(".")}"', 1)[1].split("</tr>", 1)[0]
        for text in (number, name, deadline, responsible, result):
            assert escape(text) in row, (number, text)
    assert "Используемые сокращения" in page and "ЕСНМСРП" in page


def test_plan_xlsx_has_the_seed_rows(client, real_plan):
    response = client.get(reverse("events:plan_xlsx"))
    _, header, rows = xlsx_table(response.content)
    assert header == HEADERS
    assert rows == seed_rows()


def test_appendix_pdf_and_execution_report(client, real_plan):
    from pypdf import PdfReader

    from schools.models import User
    from tests.factories import UserFactory

    # Not the shared personas: their organisations would clash with the real-data fixture on PostgreSQL.
    client.force_login(UserFactory(username="reader", role=User.Role.OFFICIAL))
    pdf = client.get(reverse("events:plan_pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Приложение 5" in text and "Используемые сокращения" in text
    # The 22 items and their named responsibles are more than a request lays out: the answer is the job's page.
    report = client.get(reverse("events:execution_report"))
    assert report.status_code == 302 and report["Location"].startswith("/jobs/")
    download = client.get(report["Location"] + "download/")
    assert download["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages)
    assert "Исполнение плана мероприятий 2021-2022" in text
    html = client.get(reverse("events:execution_report") + "?format=html").content.decode()
    assert "Исполнение плана мероприятий 2021-2022" in html and "просрочено" in html


@pytest.fixture
def grow(year, org_a, imc):
    plan = EventPlanFactory(academic_year=year, municipality=org_a.municipality)

    def add():
        from tests.factories import OrganisationFactory

        item = PlanItemFactory(plan=plan, responsibles=[imc, "ОО"])
        OrganisationFactory()
        EvidenceFactory(assignment=AssignmentFactory(item=item, organisation=org_a))

    add()
    return add


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("methodist", "events:planitem_list"),
        ("methodist", "events:calendar"),
        ("school_a", "events:my_tasks"),
        ("school_a", "dashboard"),
        ("methodist", "dashboard"),
        ("anonymous", "events:public_plan"),
    ],
)
def test_constant_queries(client_for, grow, persona, url):
    client = client_for(persona)
    client.get(reverse(url))  # «Мои задачи» creates the calendar address on the first visit
    assert_constant_queries(client, reverse(url), grow)


def test_item_detail_constant_queries(client_for, grow, org_a):
    from events.models import PlanItem

    item = PlanItem.objects.first()
    client = client_for("methodist")
    before = count_queries(client, reverse("events:planitem_detail", args=[item.pk]))
    for _ in range(3):
        EvidenceFactory(assignment=item.assignments.first())
        from tests.factories import OrganisationFactory

        OrganisationFactory()
    assert count_queries(client, reverse("events:planitem_detail", args=[item.pk])) == before


def test_big_execution_report_is_made_in_the_background(client_for, year, org_a, settings):
    from salsk_mentoring.models import Job

    plan = EventPlanFactory(academic_year=year, municipality=org_a.municipality, is_published=False)
    PlanItemFactory(plan=plan, responsibles=["ОО"])
    settings.PRINT_SYNC_ROWS = 0
    response = client_for("methodist").get(reverse("events:execution_report") + f"?plan={plan.pk}")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE and job.result_name.endswith(".pdf")
    assert job.result.read().startswith(b"%PDF")


def test_status_filter_computes_the_states_once(client_for, grow):
    """The status filter computed every item's state; the table shows those states instead of loading the
    items, their responsibles and execution rows again (4 queries and the work on every row)."""
    client = client_for("methodist")
    url = reverse("events:planitem_list")
    overdue = assert_constant_queries(client, url + "?status=overdue", grow)
    assert overdue <= count_queries(client, url) + 1  # the filter's own pass plus one query for the keys


def test_status_filter_shows_the_same_rows_as_the_unfiltered_list(client_for, grow, org_a):
    import re

    grow()
    client = client_for("methodist")
    url = reverse("events:planitem_list")

    def rows(page):
        body = page[page.index("<tbody>"):page.index("</tbody>")]
        return re.findall(r"<tr>.*?</tr>", body, re.S)

    every = rows(client.get(url).content.decode())
    overdue = rows(client.get(url + "?status=overdue").content.decode())
    assert overdue and overdue == [r for r in every if ">просрочено<" in r]
    both = client.get(url + "?status=overdue&_export=xlsx")
    _, _, exported = xlsx_table(both.content)
    assert len(exported) == len(overdue)  # the export filters the same way


def test_plan_table_reuses_given_states_and_computes_missing_ones(grow):
    from events import execution
    from events.models import PlanItem
    from events.tables import PlanItemTable

    grow()
    items = PlanItem.objects.all()
    states = {s.item.pk: s for s in execution.item_states(execution.items_queryset(items))}
    table = PlanItemTable(items, states=states)
    assert all(row.record.state is states[row.record.pk] for row in table.rows)
    first = next(iter(states))
    partial = PlanItemTable(items, states={first: states[first]})  # not every row known: computed afresh
    assert {row.record.pk for row in partial.rows} == set(states)
    assert all(row.record.state.status == states[row.record.pk].status for row in partial.rows)
