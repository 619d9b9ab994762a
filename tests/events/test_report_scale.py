"""The execution report and the plan list at region scale: schools summed up, header on every page."""

import datetime
import io

import pytest
from django.urls import reverse

from tests.factories import MunicipalityFactory, OrganisationFactory

from .factories import AssignmentFactory, EventPlanFactory, EvidenceFactory, PlanItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(year, org_a, org_b, imc):
    plan = EventPlanFactory(academic_year=year, municipality=org_a.municipality, is_published=False)
    item = PlanItemFactory(plan=plan, position=1, responsibles=[imc, "ОО"], deadline_text="до 01.12.2021")
    EvidenceFactory(assignment=AssignmentFactory(item=item, organisation=imc, completed_at=datetime.date(2021, 11, 30)),
                    title="Приказ УО об итогах конкурса")
    AssignmentFactory(item=item, organisation=org_a, completed_at=datetime.date(2021, 11, 29))
    return plan


def test_execution_report_sums_up_the_schools_and_names_those_behind(client_for, plan, org_a, org_b, imc):
    html = client_for("methodist").get(reverse("events:execution_report") + f"?plan={plan.pk}&format=html")
    page = html.content.decode()
    assert "Приказ УО об итогах конкурса" in page  # a named responsible's evidence
    assert "ОО — участники ЦМН (2):</b> выполнено — 1, просрочено — 1." in page
    tail = page[page.index("Просрочено:"):]
    assert org_b.short_name in tail[:200] and org_a.short_name not in tail[:200]


def test_execution_report_repeats_the_table_header_on_every_page(client_for, plan):
    from pypdf import PdfReader

    # 60 schools: a line per school made each «ОО» row longer than a page, and its continuation had no header.
    OrganisationFactory.create_batch(60)
    for position in range(2, 9):
        PlanItemFactory(plan=plan, position=position, responsibles=["ОО"], deadline_text="до 01.12.2021",
                        name="Организация и проведение мероприятия по наставничеству " * 3)
    pdf = client_for("methodist").get(reverse("events:execution_report") + f"?plan={plan.pk}")
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    assert len(pages) >= 2
    for page in pages:
        assert "Исполнение по ответственным" in page.extract_text()


def test_responsible_filter_lists_only_who_can_have_a_line(client_for, plan, org_a, imc):
    elsewhere = OrganisationFactory(short_name="МБОУ СОШ № 7 г. Азова",
                                    municipality=MunicipalityFactory(name="Азовский район", is_default=False))
    page = client_for("methodist").get(reverse("events:planitem_list")).content.decode()
    form = page[page.index('name="responsible"'):]
    form = form[:form.index("</select>")]
    assert org_a.short_name in form and imc.short_name in form
    assert elsewhere.short_name not in form
