"""A methodist composes a new order in the browser, signs it and prints it; school A finds its task.

Screenshots of the composer and of every page of the printed PDF go to artifacts/e2e/ (``orders-*``).
"""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from .conftest import ARTIFACTS

pytestmark = pytest.mark.e2e


def test_methodist_composes_signs_and_prints_an_order(walk):
    w = walk("orders")
    w.login("methodist")
    w.visit("/orders/add/", expect_text="Новый приказ")
    page = w.page
    page.fill("#id_number", "501")
    page.fill("#id_date", "2025-10-20")
    page.fill("#id_title", "О проведении муниципального конкурса\n«Педагогический дуэт»")
    page.fill("#id_preamble", "В соответствии с планом-графиком мероприятий на 2025-2026 учебный год")
    page.fill("#id_points-0-text", "Провести муниципальный конкурс «Педагогический дуэт» (Приложение 1).")
    page.fill("#id_points-1-text", "Руководителю МБОУ СОШ № 1 г. Сальска направить заявку на участие.")
    # addressees are picked by typing (salsk_mentoring.autocomplete), as a methodist does
    page.fill("#id_points-1-addressees-ac", "сош № 1 сальска")
    page.wait_for_selector("#id_points-1-addressees-ac-listbox [role=option]")
    page.locator("#id_points-1-addressees-ac-listbox [role=option]").filter(
        has_text="МБОУ СОШ № 1 г. Сальска"
    ).first.click()
    chosen = page.locator("select#id_points-1-addressees option:checked").all_inner_texts()
    assert len(chosen) == 1 and chosen[0].startswith("МБОУ СОШ № 1 г. Сальска"), chosen
    page.fill("#id_points-1-deadline", "2025-11-14")
    page.select_option("#id_points-1-duty", "plan_item")
    page.select_option("#id_appendices-0-kind", "free_table")
    page.fill("#id_appendices-0-number", "1")
    page.fill("#id_appendices-0-title", "Состав жюри конкурса")
    page.fill(
        "#id_appendices-0-body",
        "ФИО | Должность\nПетрова Анна Андреевна | методист МБУ ИМЦ\nИванов Илья Ильич | учитель",
    )
    w.check("composer filled")
    page.click("button[name=continue]")
    assert "При подписании создаст задачу со сроком 14.11.2025 в «Мои задачи» для 1 организации" in page.content()
    w.check("composer saved, the point says what it will create")
    page.click("form.registry-form button[type=submit]:not([name])")
    assert "Приказ от 20.10.2025 № 501" in page.content()
    w.check("order page")
    page.click("button:has-text('Подписать')")
    assert "для 1 организации" in page.content()
    w.check("signed")
    pdf_link = page.locator("a:has-text('Скачать приказ с приложениями')").get_attribute("href")
    pdf = w.context.request.get(w.base + pdf_link).body()
    assert pdf.startswith(b"%PDF")
    target = ARTIFACTS / "orders-pdf.pdf"
    target.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(target), str(ARTIFACTS / "orders-pdf")], check=True)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    text = " ".join(re.sub("\u2010\n", "", text).split())  # lines joined, hyphenated words whole again
    for expected in ("П Р И К А З", "№ 501", "О проведении муниципального конкурса", "приказываю:",
                     "направить заявку на участие", "Приложение 1", "Состав жюри конкурса", "Петрова Анна Андреевна"):
        assert expected in text, expected
    assert len(list(ARTIFACTS.glob("orders-pdf-*.png"))) >= len(reader.pages)

    school = walk("orders-school")
    school.login("school_a")
    school.visit("/plan/my/", expect_text="направить заявку на участие")
    assert "п. 2 приказа от 20.10.2025 № 501" in school.page.content()
