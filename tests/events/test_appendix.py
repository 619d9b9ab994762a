"""Appendix 5 content for the orders app and the printed plan."""

import pytest

from events.appendices import HEADERS, event_plan
from salsk_mentoring.documents.pdf import render_pdf

from .seed import seed_rows

pytestmark = pytest.mark.django_db


def test_event_plan_appendix_has_the_seed_rows_and_glossary(real_plan, official):
    content = event_plan(params={"plan": real_plan.pk}, user=official)
    assert not content.missing and content.landscape
    assert content.xlsx_headers == HEADERS
    assert content.xlsx_rows == seed_rows()
    glossary = [a.short for a in content.context["glossary"]]
    assert glossary == [
        "ГБУ ДПО РО РИПК и ППРО",
        "ЦНППМПР",
        "УО Сальского района",
        "МБУ ИМЦ Сальского района",
        "ММРЦ Сальского района",
        "ШМСиН",
        "ЕСНМСРП",
    ]


def test_without_params_the_published_plan_of_order_866(real_plan, official):
    assert event_plan(params={}, user=official).context["plan"] == real_plan


def test_missing_plan_is_explained(db, official):
    assert event_plan(params={"plan": 999}, user=official).missing == "План мероприятий не найден."


def test_appendix_prints(real_plan, official):
    import io

    from pypdf import PdfReader

    content = event_plan(params={"plan": real_plan.pk}, user=official)
    pdf = render_pdf(
        "events/print/plan.html",
        {"appendix": content, "context": content.context, "plan": real_plan, "title": content.title},
    )
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Фестиваля «Трибуна Инноваторов»" in text
    assert "Используемые сокращения" in text
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
