"""Reports at region scale: a municipality's organisations only (the default one unless chosen), or all."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import Submission, SubmissionValue
from monitoring.services import build_submissions
from tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def azov(world):
    """A school of another municipality in the same campaign; every school's share reported and accepted."""
    municipality = MunicipalityFactory(name="Азовский район", is_default=False)
    org_c = OrganisationFactory(short_name="МБОУ СОШ № 3 г. Азова", municipality=municipality)
    campaign = world["campaign"]
    campaign.organisations.add(org_c)
    build_submissions(campaign)
    share = world["indicator"]
    for org, (num, den) in ((world["org_a"], (3, 12)), (world["org_b"], (6, 12)), (org_c, (9, 10))):
        SubmissionValue.objects.filter(
            submission__campaign=campaign, submission__organisation=org, indicator=share
        ).update(numerator=num, denominator=den, value=Decimal(num * 100) / den)
    Submission.objects.filter(campaign=campaign).update(status=Submission.Status.ACCEPTED)
    return municipality, org_c


def district(client, world, query=""):
    url = reverse("monitoring:report_district") + f"?year={world['year'].pk}&campaign={world['campaign'].pk}"
    return client.get(url + query).content.decode()


def test_district_report_covers_the_default_municipality_unless_another_is_chosen(world, azov, client_for):
    municipality, _ = azov
    client = client_for("methodist")
    page = district(client, world)
    assert "Результаты мониторинга ЦМН (Сальский район)" in page
    assert "принято 2 из 2" in page and "37,5 %" in page  # (3 + 6) / (12 + 12)
    assert "35 %" in page  # the district target is Сальский район's
    page = district(client, world, f"&municipality={municipality.pk}")
    assert "Результаты мониторинга ЦМН (Азовский район)" in page
    assert "принято 1 из 1" in page and "90 %" in page
    assert "35 %" not in page  # not another municipality's target
    page = district(client, world, "&municipality=all")
    assert "(все муниципалитеты)" in page and "принято 3 из 3" in page and "52,9 %" in page  # 18 / 34


def test_comparison_lists_the_municipality_best_first(world, azov, client_for):
    _, org_c = azov
    client = client_for("methodist")
    url = reverse("monitoring:report_compare") + f"?indicator={world['indicator'].pk}&campaign={world['campaign'].pk}"
    page = client.get(url).content.decode()
    assert org_c.short_name not in page
    table = page[page.index("<tbody>"):]
    assert table.index("СОШ № 2 г. Сальска") < table.index("СОШ № 1 г. Сальска")  # 50 % before 25 %
    page = client.get(url + "&municipality=all").content.decode()
    table = page[page.index("<tbody>"):]
    assert table.index(org_c.short_name) < table.index("СОШ № 2 г. Сальска") < table.index("СОШ № 1 г. Сальска")


def test_comparison_chart_shows_the_best_and_the_worst(world, azov, client_for, monkeypatch):
    from monitoring.views import ComparisonView

    monkeypatch.setattr(ComparisonView, "max_bars", 2)
    client = client_for("methodist")
    url = reverse("monitoring:report_compare") + f"?indicator={world['indicator'].pk}&campaign={world['campaign'].pk}"
    page = client.get(url + "&municipality=all").content.decode()
    chart = page[page.index("<svg"):page.index("</svg>")]
    assert "1 лучших и 1 последних из 3 организаций" in chart
    assert "Азова" in chart and "СОШ № 1 г. Сальска" in chart and "СОШ № 2 г. Сальска" not in chart
    xlsx = client.get(url + "&municipality=all&_export=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["МБОУ СОШ № 3 г. Азова", "МБОУ СОШ № 2 г. Сальска", "МБОУ СОШ № 1 г. Сальска"]


def test_brief_lists_missing_schools_by_municipality_region_wide(world, azov, client_for):
    municipality, org_c = azov
    Submission.objects.filter(organisation__in=[org_c, world["org_b"]]).update(status=Submission.Status.DRAFT)
    client = client_for("methodist")
    url = reverse("monitoring:campaign_brief", args=[world["campaign"].pk]) + "?format=html"
    page = client.get(url).content.decode()
    assert "МБОУ СОШ № 2 г. Сальска" in page and org_c.short_name not in page
    page = client.get(url + "&municipality=all").content.decode()
    assert "Азовский район" in page and org_c.short_name in page and "МБОУ СОШ № 2 г. Сальска" in page


def test_reports_keep_constant_queries_per_municipality(world, azov, client_for):
    from tests.querycount import assert_constant_queries

    municipality, _ = azov
    client = client_for("methodist")
    campaign = world["campaign"]

    def grow():
        campaign.organisations.add(*OrganisationFactory.create_batch(2, municipality=municipality))
        build_submissions(campaign)

    for query in (f"?municipality={municipality.pk}", "?municipality=all"):
        for name in ("monitoring:report_district", "monitoring:report_compare", "monitoring:report_trend"):
            assert_constant_queries(client, reverse(name) + query, grow)


def test_comparison_links_every_row_to_its_organisations_report(world, azov, client_for):
    _, org_c = azov
    url = reverse("monitoring:report_compare") + f"?indicator={world['indicator'].pk}&campaign={world['campaign'].pk}"
    page = client_for("methodist").get(url + "&municipality=all").content.decode()
    table = page[page.index("<tbody>"):page.index("</tbody>")]
    year = world["campaign"].academic_year_id
    for org in (world["org_a"], world["org_b"], org_c):
        report = reverse("monitoring:report_organisation", args=[org.pk])
        assert f'<a href="{report}?year={year}">{org.short_name}</a>' in table
    assert table.count("<tr>") == 3


def test_totals_of_one_indicator_read_only_its_values(world, azov):
    from monitoring.analytics import accepted_totals

    campaign, share = world["campaign"], world["indicator"]
    every = accepted_totals([campaign.pk])
    one = accepted_totals([campaign.pk], indicator_ids=[share.pk])
    assert set(one) == {(campaign.pk, share.pk)} and len(every) > 1
    assert one[(campaign.pk, share.pk)] == every[(campaign.pk, share.pk)]
    assert one[(campaign.pk, share.pk)].achieved(share) == Decimal("52.94")  # 18 / 34, every municipality


def test_indicator_unit_label_reads_the_unit(world):
    from monitoring.models import Indicator

    assert Indicator(unit=Indicator.Unit.PEOPLE).unit_label == "чел."
    assert Indicator(unit=Indicator.Unit.PERCENT).display(Decimal("37.5")) == "37,5 %"
