"""«Отчёты» on a phone (390 px): every report reachable, no horizontal scroll, axe clean; a report's link gives its
file, a report's form leads to the report."""

import pytest

pytestmark = pytest.mark.e2e


def test_reports_page_on_a_phone(walk):
    w = walk("methodist")
    w.login("methodist")
    w.visit("/reports/", expect_text="Отчёты и документы", screenshot="phone-reports-methodist")
    page = w.page
    with page.expect_download() as download:
        page.locator("#report-organisations").get_by_role("link", name="XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    card = page.locator("#report-order")
    card.locator("select").select_option(index=1)
    card.get_by_role("button", name="Открыть").click()
    page.wait_for_url("**/orders/*/")
    assert "Word (DOCX) для правки" in page.content()
    w.check("order card from «Отчёты»")
    s = walk("school")
    s.login("school_a")
    s.visit("/reports/", expect_text="Отчёт организации по показателям", screenshot="phone-reports-school")
    assert "Сводный отчёт района" not in s.page.content()
