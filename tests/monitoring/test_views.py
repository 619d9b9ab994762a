"""A campaign end to end through the pages, as school A and a methodist would click it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring.models import MonitoringCampaign, Submission, SubmissionValue
from tests.factories import AcademicYearFactory, OrganisationFactory, TeacherFactory
from tests.querycount import assert_constant_queries

from .factories import CampaignFactory


def form_data(world, **override):
    data = {
        f"n_{world['indicator'].pk}": "3",
        f"d_{world['indicator'].pk}": "12",
        f"v_{world['indicator_count'].pk}": "4",
        f"v_{world['indicator_young'].pk}": "1",
        "comment": "",
        "action": "save",
    }
    data.update(override)
    return data


def test_campaign_end_to_end(world, client_for):
    methodist = client_for("methodist")
    # The methodist creates a campaign and opens it.
    response = methodist.post(
        reverse("monitoring:monitoringcampaign_add"),
        {
            "name": "Мониторинг, май 2022",
            "academic_year": world["year"].pk,
            "period": "май 2022",
            "kind": "final",
            "opens_on": "2022-05-04",
            "deadline": "2099-05-25",
            "plan_item": "п. 18",
            "indicators": [world["indicator"].pk, world["indicator_count"].pk, world["indicator_young"].pk],
            "organisations": [world["org_a"].pk, world["org_b"].pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    campaign = MonitoringCampaign.objects.get(name="Мониторинг, май 2022")
    response = methodist.post(reverse("monitoring:campaign_open", args=[campaign.pk]), follow=True)
    assert "Сбор открыт: формы получили организации — 2" in response.content.decode()
    sub = Submission.objects.get(campaign=campaign, organisation=world["org_a"])

    # School A sees its form with the computed value from the teachers registry.
    school = client_for("school_a")
    page = school.get(reverse("monitoring:monitoringcampaign_list")).content.decode()
    assert "Мониторинг, май 2022" in page and "Заполнить" in page
    page = school.get(sub.get_absolute_url()).content.decode()
    assert "по реестрам портала: 1" in page
    # A share over 100 % is refused; what was typed stays in the form, nothing is stored.
    response = school.post(sub.get_absolute_url(), form_data(world, **{f"n_{world['indicator'].pk}": "15"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "числитель (15) больше знаменателя (12)" in page
    assert 'value="15"' in page and 'value="4"' in page
    assert SubmissionValue.objects.get(submission=sub, indicator=world["indicator_count"]).value is None
    # Valid values, sent to the methodist.
    response = school.post(sub.get_absolute_url(), form_data(world, action="submit"), follow=True)
    assert "Отчёт отправлен методисту на проверку." in response.content.decode()
    sub.refresh_from_db()
    assert sub.status == Submission.Status.SUBMITTED

    # The methodist sees it, returns it with a comment.
    methodist = client_for("methodist")
    page = methodist.get(campaign.get_absolute_url()).content.decode()
    assert "Ещё не представили (1)" in page and world["org_b"].short_name in page
    response = methodist.post(
        reverse("monitoring:submission_return", args=[sub.pk]), {"comment": "Уточните число пар"}, follow=True
    )
    assert "возвращён на доработку" in response.content.decode()

    # The school sees the comment, fixes and sends again; the methodist accepts.
    school = client_for("school_a")
    page = school.get(sub.get_absolute_url()).content.decode()
    assert "Уточните число пар" in page
    school.post(
        sub.get_absolute_url(), form_data(world, action="submit", **{f"v_{world['indicator_count'].pk}": "5"})
    )
    methodist = client_for("methodist")
    methodist.post(reverse("monitoring:submission_accept", args=[sub.pk]))
    sub.refresh_from_db()
    assert sub.status == Submission.Status.ACCEPTED

    # After acceptance the school's POST changes nothing.
    school = client_for("school_a")
    response = school.post(
        sub.get_absolute_url(), form_data(world, **{f"v_{world['indicator_count'].pk}": "9"})
    )
    assert "уже принят" in response.content.decode()
    assert SubmissionValue.objects.get(submission=sub, indicator=world["indicator_count"]).value == Decimal(5)

    # The district report shows the accepted values against the targets.
    methodist = client_for("methodist")
    page = methodist.get(
        reverse("monitoring:report_district") + f"?year={world['year'].pk}&campaign={campaign.pk}"
    )
    html = page.content.decode()
    assert "25 %" in html and "<svg" in html  # 3 / 12
    assert "принято 1 из 2" in html


def test_school_b_cannot_post_into_school_a_submission(world, client_for):
    client = client_for("school_b")
    sub = world["submission_a"]
    response = client.post(sub.get_absolute_url(), form_data(world))
    assert response.status_code == 404
    assert SubmissionValue.objects.get(submission=sub, indicator=world["indicator_count"]).value is None


def test_official_reads_but_cannot_save(world, client_for):
    client = client_for("official")
    sub = world["submission_a"]
    assert client.get(sub.get_absolute_url()).status_code == 200
    assert client.post(sub.get_absolute_url(), form_data(world)).status_code == 403


def test_exports_are_files(world, client_for):
    client = client_for("methodist")
    xlsx = client.get(reverse("monitoring:report_district") + "?_export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(reverse("monitoring:report_district") + "?_export=pdf")
    assert pdf.content.startswith(b"%PDF")
    brief = client.get(reverse("monitoring:campaign_brief", args=[world["campaign"].pk]))
    assert brief.content.startswith(b"%PDF")


def test_report_xlsx_title_block_names_the_report_its_filter_and_author(world, client_for, personas):
    """The XLSX of a report says what it is (the report's own title, not a generic 31-character sheet name),
    for which year and municipality, and who made it — not «Отбор: все записи» with no name."""
    import io

    import openpyxl

    client = client_for("official")
    response = client.get(reverse("monitoring:report_district") + f"?_export=xlsx&year={world['year'].pk}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    title, filters, made = (sheet.cell(row, 1).value for row in (1, 2, 3))
    assert title.startswith("Результаты мониторинга ЦМН (") and f"в {world['year']} учебном году" in title
    assert filters.startswith(f"Отбор: Учебный год: {world['year']}; Муниципалитет: ")
    user = personas["official"]
    assert made.endswith(f", {user.get_full_name() or user.get_username()}. Записей: {sheet.max_row - 5}.")


@pytest.mark.parametrize("persona", ["methodist", "official"])
def test_district_report_constant_queries(world, client_for, persona):
    client = client_for(persona)
    campaign = world["campaign"]

    def grow():
        orgs = OrganisationFactory.create_batch(4)
        for org in orgs:
            TeacherFactory(organisation=org, total_experience=1, teaching_experience=1)
        campaign.organisations.add(*orgs)
        from monitoring.services import build_submissions

        build_submissions(campaign)
        Submission.objects.filter(campaign=campaign).update(status=Submission.Status.ACCEPTED)

    assert_constant_queries(client, reverse("monitoring:report_district"), grow)


def test_other_pages_constant_queries(world, client_for):
    client = client_for("methodist")
    campaign = world["campaign"]

    def grow():
        orgs = OrganisationFactory.create_batch(3)
        campaign.organisations.add(*orgs)
        from monitoring.services import build_submissions

        build_submissions(campaign)

    for url in (
        campaign.get_absolute_url(),
        reverse("monitoring:report_compare"),
        reverse("monitoring:report_trend"),
        reverse("monitoring:monitoringcampaign_list"),
        reverse("monitoring:target_list"),
        world["submission_a"].get_absolute_url(),
        reverse("monitoring:report_organisation", args=[world["org_a"].pk]),
    ):
        assert_constant_queries(client, url, grow)


def test_trend_uses_each_years_final_campaign(world, client_for):
    from monitoring import services

    old = AcademicYearFactory(start_year=2020, is_current=False)
    earlier = CampaignFactory(
        academic_year=old, indicators=[world["indicator_count"]], organisations=[world["org_a"]]
    )
    services.campaign_open(user=world["methodist"], campaign=earlier)
    sub = earlier.submissions.get()
    services.submission_save(
        user=world["school_a"], submission=sub, values={world["indicator_count"].pk: {"value": "7"}}
    )
    services.submission_submit(user=world["school_a"], submission=sub)
    services.submission_accept(user=world["methodist"], submission=sub)
    html = client_for("official").get(reverse("monitoring:report_trend")).content.decode()
    assert "2020-2021" in html and "7 ед." in html


def test_target_list_filters_by_organisation_name(world, client_for):
    client = client_for("methodist")
    page = client.get(reverse("monitoring:target_list") + "?organisation=СОШ № 1").content.decode()
    assert "40 %" in page  # school A's target
    page = client.get(reverse("monitoring:target_list") + "?organisation=нет такой").content.decode()
    assert "40 %" not in page
