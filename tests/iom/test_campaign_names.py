"""The campaign page names every young specialist who still owes an IOM, filterable and exportable; reminders
report whom they reached and whom they skipped, and why."""

import io

import openpyxl
from django.core import mail
from django.test import Client

from iom.models import Iom, IomCampaign
from tests.factories import OrganisationFactory, TeacherFactory
from tests.querycount import assert_constant_queries

from .factories import IomFactory


def login(user):
    client = Client()
    client.force_login(user)
    return client


def _people(world):
    """org_a: young_a (draft, from the world), «Безмаршрутная» without IOM, «Вернувшаяся» returned,
    «Представившая» submitted; org_b: young_b without IOM."""
    org_a, year, mentor = world["org_a"], world["year"], world["mentor_a"]
    none = TeacherFactory(organisation=org_a, last_name="Безмаршрутная", teaching_experience=0)
    returned = IomFactory(
        organisation=org_a, mentor=mentor, academic_year=year, status=Iom.Status.RETURNED,
        specialist=TeacherFactory(organisation=org_a, last_name="Вернувшаяся", teaching_experience=1),
    )
    submitted = IomFactory(
        organisation=org_a, mentor=mentor, academic_year=year, status=Iom.Status.SUBMITTED,
        specialist=TeacherFactory(organisation=org_a, last_name="Представившая", teaching_experience=1),
    )
    return none, returned.specialist, submitted.specialist


def test_campaign_page_names_who_owes_filters_and_exports(world):
    none, returned, submitted = _people(world)
    campaign = world["iom_campaign"]
    client = login(world["methodist"])
    page = client.get(campaign.get_absolute_url()).content.decode()
    for person in (none, returned, world["young_a"], world["young_b"]):
        assert person.full_name in page
    assert submitted.full_name not in page
    assert "ИОМ не составлен" in page and "возвращён на доработку" in page and "черновик, не представлен" in page

    filtered = client.get(campaign.get_absolute_url() + f"?owes=returned&owes_org={world['org_a'].pk}")
    names = [p.specialist.full_name for p in filtered.context["owing"]]
    assert names == [returned.full_name]

    response = client.get(campaign.get_absolute_url() + "?owes=none&_export=owing")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[1]]
    people = {r[1] for r in rows}
    assert none.full_name in people and world["young_b"].full_name in people
    assert returned.full_name not in people and world["young_a"].full_name not in people

    # A school sees only its own people.
    school_page = login(world["school_a"]).get(campaign.get_absolute_url()).content.decode()
    assert none.full_name in school_page and world["young_b"].full_name not in school_page


def test_campaign_page_queries_do_not_grow_with_people(world):
    campaign = world["iom_campaign"]
    n = iter(range(100))

    def grow():
        org = OrganisationFactory(short_name=f"МБОУ СОШ № {100 + next(n)}")
        IomCampaign.organisations.through.objects.create(iomcampaign=campaign, organisation=org)
        TeacherFactory(organisation=org, teaching_experience=1)
        TeacherFactory(organisation=world["org_a"], teaching_experience=2)

    assert_constant_queries(login(world["methodist"]), campaign.get_absolute_url(), grow)


def test_reminder_reports_reached_and_skipped_with_reasons(world, django_capture_on_commit_callbacks):
    _people(world)
    campaign = world["iom_campaign"]
    world["school_a"].email = "school_a@example.org"
    world["school_a"].save()
    # org_b: no user with an address and no address of its own → skipped, with the reason.
    world["org_b"].email = ""
    world["org_b"].save()
    world["school_b"].email = ""
    world["school_b"].save()
    # a third organisation whose only young specialist has submitted → skipped: nothing owed.
    done_org = OrganisationFactory(short_name="МБОУ СОШ № 77", email="soh77@example.org")
    IomFactory(
        organisation=done_org, academic_year=world["year"], status=Iom.Status.APPROVED,
        specialist=TeacherFactory(organisation=done_org, teaching_experience=1),
        mentor=TeacherFactory(organisation=done_org),
    )
    campaign.organisations.add(done_org)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world["methodist"]).post(f"/iom/campaigns/{campaign.pk}/remind/")
    assert response.status_code == 200
    report = response.context["report"]
    assert [org for org, _, _ in report.reached] == [world["org_a"]]
    skipped = dict(report.skipped)
    assert "нет адреса электронной почты" in skipped[world["org_b"]]
    assert skipped[done_org] == "все ИОМ представлены или утверждены"
    page = response.content.decode()
    assert "Отправлено: 1 организация" in page and "Пропущено: 2 организации" in page
    assert "school_a@example.org" in page and "Безмаршрутная" in page
    assert [m.to for m in mail.outbox] == [["school_a@example.org"]]
    assert "Безмаршрутная" in mail.outbox[0].body and "Представившая" not in mail.outbox[0].body
    campaign.refresh_from_db()
    assert "отправлено: 1, пропущено: 2" in campaign.history.first().history_change_reason
