"""«Отчёты»: one page listing every report and document with its formats and filters, each a link to the existing
report; scoped (a school: its own organisation); a fixed number of queries whatever the rows."""

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory
from tests.querycount import count_queries


def page(client):
    response = client.get("/reports/")
    assert response.status_code == 200
    return response.content.decode()


def test_methodist_finds_every_kind_of_report_with_its_formats(world, client_for):
    html = page(client_for("methodist"))
    for title in (
        "Приказ с приложениями",
        "Сводный отчёт района",
        "Отчёт организации по показателям",
        "Сравнение организаций",
        "Динамика показателей по годам",
        "Аналитическая справка по итогам мониторинга",
        "Сводка кампании по ИОМ",
        "Печатная форма ИОМ",
        "План мероприятий",
        "Педагоги",
        "Наставнические пары и группы",
        "Организации",
    ):
        assert title in html, title
    for fmt in ("PDF", "XLSX", "DOCX"):
        assert f'value="{fmt}"' in html or f">{fmt}<" in html
    assert 'name="year"' in html and 'name="municipality"' in html and 'name="campaign"' in html
    assert 'name="organisation"' in html


def test_every_format_of_every_report_leads_to_an_existing_page_or_file(world, client_for):
    """Each report's first choices opened in each format: a redirect to a URL that answers (file, page or job)."""
    from salsk_mentoring.reports import reports_for

    client = client_for("methodist")
    for report in reports_for(world["methodist"]):
        values = {f.name: f.choices[0][0] for f in report.filters if f.required and f.choices}
        for fmt in report.formats:
            response = client.get(reverse("report_open", args=[report.key]), {**values, "as": fmt.label})
            assert response.status_code == 302, (report.key, fmt.label)
            target = client.get(response["Location"])
            assert target.status_code in (200, 302), (report.key, fmt.label, response["Location"], target.status_code)
            if target.status_code == 302:
                assert "/accounts/login/" not in target["Location"]


def test_school_sees_its_own_organisation_only_and_no_district_report(world, client_for):
    html = page(client_for("school_a"))
    assert world["org_a"].short_name in html and world["org_b"].short_name not in html
    assert "Сводный отчёт района" not in html and "Аналитическая справка" not in html
    assert "Педагоги" in html  # the lists, scoped by their own views


def test_a_choice_that_was_not_offered_is_refused_in_russian_and_the_choice_kept(world, client_for):
    client = client_for("school_a")
    url = reverse("report_open", args=["org-report"])
    response = client.get(url, {"organisation": world["org_b"].pk, "as": "PDF"})
    assert response.status_code == 302 and response["Location"].startswith("/reports/?")
    html = client.get(response["Location"]).content.decode()
    assert "выбранного значения нет в списке" in html
    response = client.get(url, {"as": "PDF"})
    assert "Выберите" in client.get(response["Location"]).content.decode()
    ok = client.get(url, {"organisation": world["org_a"].pk, "as": "XLSX"})
    assert ok["Location"] == reverse("monitoring:report_organisation", args=[world["org_a"].pk]) + "?_export=xlsx"


@pytest.mark.parametrize("persona", ["methodist", "school_a", "official"])
def test_the_page_makes_a_fixed_number_of_queries(world, client_for, persona):
    client = client_for(persona)
    before = count_queries(client, "/reports/")
    for i in range(6):
        OrganisationFactory(short_name=f"МБОУ СОШ № {70 + i}")
    assert count_queries(client, "/reports/") == before
