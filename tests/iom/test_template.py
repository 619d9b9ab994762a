"""Appendix 4: the IOM template edited by methodists, its print form and the appendix content for orders."""

import io

from django.test import Client
from pypdf import PdfReader

from iom.appendices import iom_template
from iom.models import IomTemplate
from tests.downloads import xlsx_table
from tests.factories import AcademicYearFactory


def login(user):
    client = Client()
    client.force_login(user)
    return client


def _post(template, rows):
    data = {
        "academic_year": template.academic_year_id,
        "title": template.title,
        "introduction": "Пояснение",
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{i}-{key}"] = value
        data[f"rows-{i}-template"] = template.pk
    return data


def test_methodist_edits_template_rows_and_a_wrong_deadline_is_refused(world):
    template = world["iom_template"]
    row = template.rows.get()
    client = login(world["methodist"])
    rows = [
        {
            "id": row.pk,
            "position": 1,
            "section": row.section,
            "activity": "Посещение 5 уроков",
            "form": "visit",
            "deadline": "2022-01-31",
        },
        {
            "position": 2,
            "section": "ШМСиН",
            "activity": "Занятие ШМСиН",
            "form": "shmsin",
            "deadline": "2022-09-15",
        },
    ]
    response = client.post(f"/iom/templates/{template.pk}/edit/", _post(template, rows))
    assert response.status_code == 200
    assert "выходит за пределы 2021-2022 учебного года" in response.content.decode()
    assert template.rows.count() == 1 and template.rows.get().activity != "Посещение 5 уроков"
    rows[1]["deadline"] = "2022-03-15"
    assert client.post(f"/iom/templates/{template.pk}/edit/", _post(template, rows)).status_code == 302
    assert list(template.rows.order_by("position").values_list("activity", flat=True)) == [
        "Посещение 5 уроков",
        "Занятие ШМСиН",
    ]
    assert (
        login(world["school_a"])
        .post(f"/iom/templates/{template.pk}/edit/", _post(template, rows))
        .status_code
        == 403
    )


def test_appendix_content_for_orders(world):
    content = iom_template(params={"year": world["year"].pk}, user=world["official"])
    assert not content.missing and content.landscape
    assert content.xlsx_headers[1].startswith("Направление развития")
    assert content.xlsx_rows[0][1] == world["iom_template"].rows.get().section
    other = AcademicYearFactory(start_year=2030, is_current=False)
    missing = iom_template(params={"year": other.pk}, user=world["official"])
    assert "не заполнен" in missing.missing
    assert not IomTemplate.objects.filter(academic_year=other).exists()


def test_appendix_4_pdf_and_xlsx(world):
    template = world["iom_template"]
    client = login(world["school_a"])
    response = client.get(f"/iom/templates/{template.pk}/print/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).replace(" ", "")
    assert "Приложение4" in text and "Примерныйиндивидуальныйобразовательныймаршрут" in text
    response = client.get(f"/iom/templates/{template.pk}/print/?_export=xlsx")
    _, _, rows = xlsx_table(response.content)
    assert len(rows) == 1
