"""A campaign of a year without an IOM template cannot open; the template of the year before is copied on
request; a new IOM takes the template's rows and says how many; added rows get the next number."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from iom import services
from iom.models import Iom, IomCampaign, IomRow, IomTemplate
from tests.factories import AcademicYearFactory, TeacherFactory

from .factories import IomTemplateRowFactory


def login(user):
    client = Client()
    client.force_login(user)
    return client


def _campaign_post(world, year, **extra):
    return {
        "title": "Разработка ИОМ",
        "basis": "",
        "academic_year": year.pk,
        "deadline": f"01.12.{year.start_year}",
        "organisations": [world["org_a"].pk, world["org_b"].pk],
        "is_open": "on",
        **extra,
    }


def test_campaign_of_a_year_without_template_is_refused_with_the_offer_to_copy(world):
    template_2021 = world["iom_template"]
    template_2021.rows.update(position=1)
    IomTemplateRowFactory(template=template_2021, position=2, deadline=datetime.date(2022, 2, 28))
    year = AcademicYearFactory(start_year=2024, is_current=False)
    client = login(world["methodist"])
    before = IomCampaign.objects.count()
    response = client.post("/iom/campaigns/add/", _campaign_post(world, year))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Для 2024-2025 учебного года нет шаблона ИОМ" in page
    assert "Скопировать шаблон 2021-2022 и открыть кампанию" in page
    assert 'value="01.12.2024"' in page  # the typed input is kept
    assert IomCampaign.objects.count() == before and not IomTemplate.objects.filter(academic_year=year).exists()

    response = client.post(
        "/iom/campaigns/add/", _campaign_post(world, year, copy_template=template_2021.pk), follow=True
    )
    campaign = IomCampaign.objects.get(academic_year=year)
    template = IomTemplate.objects.get(academic_year=year)
    rows = list(template.rows.order_by("position"))
    assert [r.deadline.year for r in rows] == [2025, 2025]  # 31.01.2022 / 28.02.2022 three years on
    assert rows[1].deadline == datetime.date(2025, 2, 28)
    text = response.content.decode()
    assert "скопирован на 2024-2025: 2 строки" in text and "Кампания открыта: 2 организации" in text
    assert template.history.first().history_user == world["methodist"]
    assert rows[0].history.first().history_user == world["methodist"]
    assert response.redirect_chain[-1][0] == campaign.get_absolute_url()


def test_service_refuses_a_campaign_without_template_and_says_so(world):
    year = AcademicYearFactory(start_year=2024, is_current=False)
    with pytest.raises(ValidationError) as exc:
        services.campaign_open(
            user=world["methodist"], academic_year=year, deadline=datetime.date(2024, 12, 1),
            organisations=[world["org_a"]],
        )
    assert "нет шаблона ИОМ" in exc.value.messages[0] and "2021-2022" in exc.value.messages[0]
    assert not IomCampaign.objects.filter(academic_year=year).exists()


def test_template_copy_is_idempotent_and_methodists_only(world):
    year = AcademicYearFactory(start_year=2022, is_current=False)
    first, created = services.iom_template_copy(
        user=world["methodist"], source=world["iom_template"], academic_year=year
    )
    again, created_again = services.iom_template_copy(
        user=world["methodist"], source=world["iom_template"], academic_year=year
    )
    assert created == 1 and created_again == 0 and again.pk == first.pk
    assert first.rows.count() == 1
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.iom_template_copy(
            user=world["school_a"], source=world["iom_template"],
            academic_year=AcademicYearFactory(start_year=2030, is_current=False),
        )


def test_new_iom_copies_the_template_rows_and_says_how_many(world):
    template = world["iom_template"]
    template.rows.update(position=1)
    for n in range(2, 6):  # 5 rows in all
        IomTemplateRowFactory(template=template, position=n)
    young = TeacherFactory(organisation=world["org_a"], total_experience=0, teaching_experience=0)
    client = login(world["school_a"])
    response = client.post(
        "/iom/add/",
        {
            "academic_year": world["year"].pk,
            "specialist": young.pk,
            "mentor": world["mentor_a"].pk,
            "deficits": "Дефициты",
            "goals": "Цели",
            "head_position": "Директор",
        },
        follow=True,
    )
    iom = Iom.objects.get(specialist=young)
    assert iom.rows.count() == 5
    assert list(iom.rows.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    assert "скопировано 5 строк" in response.content.decode()


def _row_data(prefix, i, row=None, **values):
    data = {
        f"{prefix}-{i}-id": row.pk if row else "",
        f"{prefix}-{i}-position": row.position if row else "",
        f"{prefix}-{i}-section": row.section if row else "",
        f"{prefix}-{i}-tasks": "",
        f"{prefix}-{i}-activity": row.activity if row else "",
        f"{prefix}-{i}-form": row.form if row else "consultation",
        f"{prefix}-{i}-deadline": row.deadline.isoformat() if row else "",
        f"{prefix}-{i}-reporting_form": "",
        f"{prefix}-{i}-expected_result": "",
    }
    data.update({f"{prefix}-{i}-{k}": v for k, v in values.items()})
    return data


def test_added_rows_get_the_next_numbers(world):
    iom = world["iom_a"]
    from .factories import IomRowFactory

    first = IomRowFactory(iom=iom, position=1, deadline=datetime.date(2022, 2, 25))
    second = IomRowFactory(iom=iom, position=2, deadline=datetime.date(2022, 3, 25))
    client = login(world["school_a"])
    form = client.get(f"/iom/{iom.pk}/edit/").content.decode()
    assert 'name="rows-2-position" value="3"' in form and 'name="rows-3-position" value="4"' in form
    data = {
        "organisation": iom.organisation_id,
        "academic_year": iom.academic_year_id,
        "specialist": iom.specialist_id,
        "mentor": iom.mentor_id,
        "deficits": iom.deficits,
        "goals": iom.goals,
        "head_position": "Директор",
        "rows-TOTAL_FORMS": 4,
        "rows-INITIAL_FORMS": 2,
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": 1000,
        **_row_data("rows", 0, first),
        **_row_data("rows", 1, second),
        # a new row with its number cleared and one left at «0»: both go after row 2
        **_row_data("rows", 2, section="Новое", activity="Открытый урок", deadline="2022-04-20"),
        **_row_data("rows", 3, position="0", section="Ещё", activity="Семинар", deadline="2022-05-20"),
    }
    version = client.get(f"/iom/{iom.pk}/edit/").context["form"].initial.get("_version")
    if version is not None:
        data["_version"] = version
    response = client.post(f"/iom/{iom.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(IomRow.objects.filter(iom=iom).order_by("position").values_list("position", "section")) == [
        (1, first.section), (2, second.section), (3, "Новое"), (4, "Ещё"),
    ]
