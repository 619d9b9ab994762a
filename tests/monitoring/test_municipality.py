"""Reports at region scale: a municipality's organisations only (the default one unless chosen), or all."""

from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring.models import Submission, SubmissionValue
from monitoring.services import build_submissions
from tests.downloads import xlsx_table
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
    _, _, rows = xlsx_table(xlsx.content)
    assert [r[0] for r in rows] == ["МБОУ СОШ № 3 г. Азова", "МБОУ СОШ № 2 г. Сальска", "МБОУ СОШ № 1 г. Сальска"]


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


def test_each_municipality_has_its_own_district_target(world, azov, client_for):
    """A district target belongs to a municipality: Азовский район's report shows its own (45 %), the default
    one's shows Сальский район's (35 %, from the world); the organisation report and the school's form take
    their organisation's municipality; Appendix 2 of a municipal order lists that municipality's."""
    from monitoring.appendices import organisations_targets
    from monitoring.models import Target
    from orders.appendix_content import DOCUMENT_READER
    from tests.monitoring.factories import TargetFactory

    municipality, org_c = azov
    share, year = world["indicator"], world["year"]
    azov_target = TargetFactory(
        indicator=share, academic_year=year, level=Target.Level.DISTRICT, municipality=municipality, value=45
    )
    salsk_target = Target.objects.get(indicator=share, academic_year=year, municipality__is_default=True)
    assert salsk_target.municipality.name == "Сальский район"  # set by save() when none was given
    client = client_for("methodist")
    assert "35 %" in district(client, world) and "45 %" not in district(client, world)
    page = district(client, world, f"&municipality={municipality.pk}")
    assert "45 %" in page and "35 %" not in page
    # Appendix 2 of an order issued in Азовский район: its district target, not Сальский район's.
    content = organisations_targets(params={"year": year.pk, "municipality": municipality.pk}, user=DOCUMENT_READER)
    values = [row for row in content.xlsx_rows or []]
    assert any("45" in str(cell) for row in values for cell in row)
    assert not any(str(cell).startswith("35") for row in values for cell in row)
    # Two district targets of the same indicator and year may coexist for two municipalities, not for one.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            indicator=share, academic_year=year, level=Target.Level.DISTRICT, municipality=municipality, value=1
        )
    assert str(azov_target).endswith("45 %") and "Азовский район" in str(azov_target)


def test_target_form_takes_a_municipality_for_district_level_only(world, azov, client_for):
    from monitoring.models import Target

    municipality, _ = azov
    client = client_for("methodist")
    url = reverse("monitoring:target_add")
    form = client.get(url).context["form"]
    assert form["municipality"].value() == world["org_a"].municipality.pk  # Сальский район pre-filled
    data = {"indicator": world["indicator"].pk, "academic_year": world["year"].pk, "value": "55", "note": ""}
    response = client.post(url, {**data, "level": "district", "municipality": municipality.pk})
    assert response.status_code == 302
    assert Target.objects.get(level="district", municipality=municipality).value == 55
    response = client.post(
        url, {**data, "level": "organisation", "organisation": world["org_b"].pk, "municipality": municipality.pk}
    )
    assert response.status_code == 302
    target = Target.objects.get(level="organisation", organisation=world["org_b"], indicator=world["indicator"])
    assert target.municipality is None  # the pre-filled municipality is not kept on another level
    assert target.history.latest().history_user == world["methodist"]


def test_municipal_order_appendix_1_reports_on_its_municipality(world, azov):
    """Appendix 1 of an order issued in Азовский район: its organisations' results (90 %, one school), its
    name in the title; without a municipality (Order 866 in a district portal) — Сальский район."""
    from monitoring.appendices import monitoring_results
    from orders.appendix_content import DOCUMENT_READER

    municipality, _ = azov
    year = world["year"].pk
    azov_content = monitoring_results(params={"year": year, "municipality": municipality.pk}, user=DOCUMENT_READER)
    assert "муниципального образования «Азовский район»" in azov_content.title
    assert azov_content.context["report"].accepted == 1
    assert any(row[5] == Decimal(90) for row in azov_content.xlsx_rows)
    salsk = monitoring_results(params={"year": year}, user=DOCUMENT_READER)
    assert "организациях Сальского района" in salsk.title and salsk.context["report"].accepted == 3
