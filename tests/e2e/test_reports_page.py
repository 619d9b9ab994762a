"""«Отчёты» on a phone (390 px): every report reachable, no horizontal scroll, axe clean; the choice of a report
leads to its file."""

import pytest

pytestmark = pytest.mark.e2e


def test_reports_page_on_a_phone(walk):
    w = walk("methodist")
    w.login("methodist")
    w.visit("/reports/", expect_text="Отчёты и документы", screenshot="phone-reports-methodist")
    page = w.page
    card = page.locator("#report-order")
    card.locator("select").select_option(index=1)
    with page.expect_download() as download:
        card.get_by_role("button", name="DOCX").click()
    assert download.value.suggested_filename.endswith(".docx")
    s = walk("school")
    s.login("school_a")
    s.visit("/reports/", expect_text="Отчёт организации по показателям", screenshot="phone-reports-school")
    assert "Сводный отчёт района" not in s.page.content()
