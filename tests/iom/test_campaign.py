"""Campaign page: numbers match the data, constant number of queries, reminders, exports."""

import datetime
import io

import openpyxl
from django.core import mail
from django.test import Client

from iom.campaigns import campaign_figures, campaign_rows, totals
from iom.models import Iom, IomCampaign
from iom.views import CampaignDetailView
from tests.factories import OrganisationFactory, TeacherFactory
from tests.querycount import assert_constant_queries, count_queries

from .factories import CampaignFactory, IomFactory, IomRowFactory


def login(user):
    client = Client()
    client.force_login(user)
    return client


def _org_with(year, *, young, statuses):
    """An organisation with ``young`` young specialists and IOMs in ``statuses`` (one per specialist)."""
    org = OrganisationFactory()
    specialists = [
        TeacherFactory(organisation=org, total_experience=1, teaching_experience=1) for _ in range(young)
    ]
    TeacherFactory(organisation=org)  # an experienced teacher is not due
    mentor = TeacherFactory(organisation=org, last_name="Наставник")
    for specialist, status in zip(specialists, statuses, strict=False):
        IomFactory(organisation=org, specialist=specialist, mentor=mentor, academic_year=year, status=status)
    return org


def test_campaign_numbers_match_the_data(world):
    year = world["year"]
    s = Iom.Status
    org1 = _org_with(
        year, young=5, statuses=[s.SUBMITTED, s.RETURNED, s.APPROVED, s.COMPLETED]
    )  # 1 without IOM
    org2 = _org_with(year, young=3, statuses=[s.DRAFT, s.AGREED])
    org3 = _org_with(year, young=2, statuses=[s.IN_PROGRESS, s.SUBMITTED])
    TeacherFactory(
        organisation=org2, total_experience=1, teaching_experience=1, is_active=False
    )  # left: not due
    campaign = CampaignFactory(
        academic_year=year, deadline=datetime.date(2021, 12, 1), organisations=[org1, org2, org3]
    )
    rows = {r.pk: r for r in campaign_rows(campaign, world["methodist"], today=datetime.date(2021, 11, 20))}
    assert (rows[org1.pk].due, rows[org1.pk].submitted, rows[org1.pk].returned, rows[org1.pk].approved) == (
        5,
        1,
        1,
        2,
    )
    assert rows[org1.pk].missing == 2 and rows[org1.pk].overdue == 0  # before the deadline nothing is overdue
    assert (rows[org2.pk].due, rows[org2.pk].submitted, rows[org2.pk].approved, rows[org2.pk].missing) == (
        3,
        0,
        0,
        3,
    )
    assert (rows[org3.pk].due, rows[org3.pk].submitted, rows[org3.pk].approved, rows[org3.pk].missing) == (
        2,
        1,
        1,
        0,
    )
    after = {r.pk: r for r in campaign_rows(campaign, world["methodist"], today=datetime.date(2021, 12, 2))}
    assert [after[o.pk].overdue for o in (org1, org2, org3)] == [2, 3, 0]
    assert not after[org3.pk].behind

    # The page shows the same figures, and the total row.
    page = login(world["methodist"]).get(f"/iom/campaigns/{campaign.pk}/").content.decode()
    assert org1.short_name in page and "Итого" in page
    assert '<td class="num">10</td>' in page  # due in total: 5 + 3 + 2

    # The XLSX summary carries them too.
    response = login(world["methodist"]).get(f"/iom/campaigns/{campaign.pk}/?_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[org1.short_name][:4] == (5, 1, 1, 2)
    assert values["Итого"][0] == 10


def test_campaign_page_is_paged_and_its_totals_cover_every_organisation(world, monkeypatch):
    """A region-wide campaign has ~2,100 organisations: the page shows one page of them, the totals, the count
    of organisations behind and the reminder button still speak of all of them."""
    year = world["year"]
    campaign = CampaignFactory(academic_year=year, deadline=datetime.date(2021, 12, 1))
    orgs = [
        _org_with(year, young=3, statuses=[Iom.Status.SUBMITTED]),
        _org_with(year, young=1, statuses=[Iom.Status.APPROVED]),
        _org_with(year, young=2, statuses=[Iom.Status.RETURNED, Iom.Status.DRAFT]),
    ]
    campaign.organisations.set(orgs)
    methodist = world["methodist"]
    for today in (datetime.date(2021, 11, 20), datetime.date(2021, 12, 2)):
        rows = campaign_rows(campaign, methodist, today=today)
        figures = campaign_figures(campaign, methodist, today=today)
        assert figures["totals"] == totals(rows)
        assert figures["behind"] == sum(r.behind for r in rows) == 2

    monkeypatch.setattr(CampaignDetailView, "per_page", 2)
    client = login(methodist)
    rows = campaign_rows(campaign, methodist)
    first = client.get(f"/iom/campaigns/{campaign.pk}/")
    second = client.get(f"/iom/campaigns/{campaign.pk}/?page=2")
    assert [r.pk for r in first.context["rows"]] == [r.pk for r in rows[:2]]
    assert [r.pk for r in second.context["rows"]] == [rows[2].pk]
    for response in (first, second):
        assert response.context["totals"] == totals(rows)
        assert response.context["organisations"] == 3 and response.context["behind"] == 2
    page = first.content.decode()
    table = page[page.index("campaign-table") : page.index("</table>", page.index("campaign-table"))]
    assert rows[2].short_name not in table and "организации 1–2 из 3" in page and "?page=2" in page


def test_school_sees_only_its_own_line(world):
    campaign = world["iom_campaign"]
    page = login(world["school_a"]).get(f"/iom/campaigns/{campaign.pk}/").content.decode()
    assert world["org_a"].short_name in page and world["org_b"].short_name not in page


def test_campaign_page_has_a_constant_number_of_queries(world):
    campaign = world["iom_campaign"]
    client = login(world["methodist"])
    year = world["year"]

    def grow():
        org = _org_with(year, young=3, statuses=[Iom.Status.SUBMITTED, Iom.Status.RETURNED])
        # Through the link table: the campaign's own history (its panel) stays the same size.
        IomCampaign.organisations.through.objects.create(iomcampaign=campaign, organisation=org)

    count = assert_constant_queries(client, f"/iom/campaigns/{campaign.pk}/", grow, times=3)
    assert count <= 18  # 15 + the names of who owes (iom.campaigns.owing: 3 queries)
    assert count_queries(client, f"/iom/campaigns/{campaign.pk}/?_export=xlsx") == count_queries(
        client, f"/iom/campaigns/{campaign.pk}/?_export=xlsx"
    )


def test_iom_list_and_detail_have_a_constant_number_of_queries(world):
    client = login(world["methodist"])
    year = world["year"]

    def grow():
        for _ in range(5):
            iom = IomFactory(organisation=world["org_a"], academic_year=year)
            IomRowFactory.create_batch(3, iom=iom)

    assert_constant_queries(client, "/iom/", grow)
    assert_constant_queries(login(world["school_a"]), "/iom/", grow)
    iom = world["iom_a"]
    assert_constant_queries(client, f"/iom/{iom.pk}/", lambda: IomRowFactory.create_batch(4, iom=iom))


def test_reminders_go_to_those_behind(world, django_capture_on_commit_callbacks):
    campaign = world["iom_campaign"]  # org_a: young_a has a draft IOM → behind; org_b: young_b without IOM
    world["school_a"].email = "school_a@example.org"
    world["school_a"].save()
    world["school_b"].email = "school_b@example.org"
    world["school_b"].save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # e-mail leaves after the commit
        response = login(world["methodist"]).post(f"/iom/campaigns/{campaign.pk}/remind/", follow=True)
    assert "Напоминания отправлены" in response.content.decode()
    recipients = sorted(r for m in mail.outbox for r in m.to)
    assert "school_a@example.org" in recipients and "school_b@example.org" in recipients
    assert "до 01.12.2021" in mail.outbox[0].subject
    campaign.refresh_from_db()
    assert campaign.last_reminder_at is not None


def test_methodist_opens_a_campaign_for_the_pilot_organisations(world):
    response = login(world["methodist"]).post(
        "/iom/campaigns/add/",
        {
            "title": "ИОМ пилотных ОО",
            "academic_year": world["year"].pk,
            "deadline": "2021-12-01",
            "pilot_project": world["project"].pk,
            "is_open": "on",
        },
    )
    assert response.status_code == 302
    campaign = IomCampaign.objects.get(title="ИОМ пилотных ОО")
    assert set(campaign.organisations.all()) == {world["org_a"], world["org_b"]}
    assert campaign.opened_by == world["methodist"]


def test_campaign_deadline_outside_the_year_is_refused(world):
    response = login(world["methodist"]).post(
        "/iom/campaigns/add/",
        {
            "title": "Неверный срок",
            "academic_year": world["year"].pk,
            "deadline": "2023-01-01",
            "organisations": [world["org_a"].pk],
        },
    )
    assert response.status_code == 200
    assert "выходит за пределы 2021-2022 учебного года" in response.content.decode()
    assert not IomCampaign.objects.filter(title="Неверный срок").exists()


def test_iom_list_filters(world):
    org_a = world["org_a"]
    # Fixed surnames: random ones may coincide with the other IOM's specialist or mentor.
    world["young_a"].last_name = "Первоначальная"
    world["young_a"].save()
    methodist = login(world["methodist"])
    page = methodist.get(f"/iom/?organisation={org_a.pk}&academic_year={world['year'].pk}").content.decode()
    assert world["young_a"].last_name in page
    school_77 = OrganisationFactory(short_name="МБОУ СОШ № 77")
    other = IomFactory(
        organisation=school_77, academic_year=world["year"],
        specialist=TeacherFactory(
            organisation=school_77, last_name="Другая", total_experience=1, teaching_experience=1
        ),
        mentor=TeacherFactory(organisation=school_77, last_name="Наставница"),
    )
    page = methodist.get("/iom/?org_name=77").content.decode()
    assert other.specialist.last_name in page and world["young_a"].last_name not in page
    school_page = login(world["school_a"]).get("/iom/").content.decode()
    assert 'name="municipality"' not in school_page and other.specialist.last_name not in school_page


def test_big_campaign_pdf_is_summed_by_municipality(world, monkeypatch):
    import iom.views

    monkeypatch.setattr(iom.views, "PDF_MAX_ORGANISATIONS", 1)
    campaign = world["iom_campaign"]
    response = login(world["methodist"]).get(f"/iom/campaigns/{campaign.pk}/?_export=pdf&format=html")
    page = response.content.decode()
    assert "Итоги по муниципалитетам" in page and "Сальский район (2 орг.)" in page
    assert world["org_a"].short_name not in page


def test_iom_list_rows_show_every_column(world):
    """The rows are written by hand (iom/iom_table.html): the same cells as the table's columns."""
    from django.utils import dateformat, timezone

    from iom.models import IomRow

    iom = world["iom_a"]
    iom.status = Iom.Status.SUBMITTED
    iom.save()
    IomRowFactory.create_batch(2, iom=iom, status=IomRow.Status.DONE)
    IomRowFactory(iom=iom)
    page = login(world["methodist"]).get("/iom/").content.decode()
    row = page[page.index(f'<a href="/iom/{iom.pk}/">'):]
    row = row[: row.index("</tr>")]
    updated = dateformat.format(timezone.localtime(Iom.objects.get(pk=iom.pk).updated_at), "d.m.Y")
    for text in (
        f'<a href="/iom/{iom.pk}/">{iom.specialist.short_name}</a>',
        f"<td>{iom.mentor.short_name}</td>",
        f"<td>{iom.organisation.short_name}</td>",
        f"<td>{iom.academic_year}</td>",
        "<td>Представлен в МБУ ИМЦ</td>",
        "<td>2 из 3 (67%)</td>",
        f"<td>{updated}</td>",
    ):
        assert text in row, text


def test_iom_list_sorts_by_a_column_header(world):
    year = world["year"]
    names = ["Ааатестова", "Бббтестова", "Вввтестова"]  # no factory name collides with these
    for name in names:
        IomFactory(
            organisation=world["org_a"], academic_year=year,
            specialist=TeacherFactory(
                organisation=world["org_a"], last_name=name, total_experience=1, teaching_experience=1
            ),
        )
    client = login(world["methodist"])
    page = client.get(f"/iom/?organisation={world['org_a'].pk}").content.decode()
    assert "sort=-specialist" in page  # the header links are django-tables2's
    ascending = [page.index(n) for n in names]
    assert ascending == sorted(ascending)
    page = client.get(f"/iom/?organisation={world['org_a'].pk}&sort=-specialist").content.decode()
    descending = [page.index(n) for n in names]
    assert descending == sorted(descending, reverse=True)


def test_iom_list_queries_stay_fixed_for_ioms_without_rows(world):
    """The row counts come from the list's annotation, also for an IOM without rows (no query per IOM)."""

    def grow():
        IomFactory.create_batch(3, organisation=world["org_a"], academic_year=world["year"])

    assert_constant_queries(login(world["methodist"]), "/iom/", grow)
    empty = Iom.objects.with_progress().get(pk=IomFactory(organisation=world["org_a"]).pk)
    assert (empty.progress, empty.progress_text) == (0, "0 из 0 (0%)")
