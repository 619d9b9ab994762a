"""Editable DOCX of an order with its appendices, of the analytic brief and of the IOM print form: the same
content as the PDF (the same HTML), ГОСТ Р 7.0.97 margins, a Cyrillic font, real Word tables; the file is read
back with python-docx and, where LibreOffice is installed, converted to PDF."""

import io
import shutil
import subprocess

import pytest
from docx import Document
from docx.shared import Mm

from salsk_mentoring.documents.word import html_to_docx
from tests.downloads import download

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def read(content: bytes):
    return Document(io.BytesIO(content))


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def assert_gost_page(section, *, landscape=False):
    if landscape:
        assert section.page_width > section.page_height
        assert abs(section.left_margin - Mm(20)) < Mm(0.1) and abs(section.bottom_margin - Mm(10)) < Mm(0.1)
    else:
        assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
        assert abs(section.left_margin - Mm(20)) < Mm(0.1) and abs(section.right_margin - Mm(10)) < Mm(0.1)
        assert abs(section.top_margin - Mm(20)) < Mm(0.1) and abs(section.bottom_margin - Mm(20)) < Mm(0.1)


def test_the_writer_makes_word_tables_sections_and_a_cyrillic_font():
    html = """<html><body>
    <h1>Заголовок</h1><p class="text-center"><b>Жирный</b> и <i>курсив</i><br>вторая строка</p>
    <section class="appendix landscape new-page"><div class="appendix-mark">Приложение 1<br>к приказу</div>
    <table class="doc"><thead><tr><th>№</th><th>ФИО</th></tr></thead>
    <tbody><tr><td class="num">1</td><td>Иванова Мария Петровна</td></tr>
    <tr class="section"><td colspan="2">Раздел</td></tr></tbody></table></section></body></html>"""
    doc = read(html_to_docx(html, title="Проба"))
    assert doc.paragraphs[0].text == "Заголовок" and doc.paragraphs[0].style.name == "Heading 1"
    assert "Жирный и курсив\nвторая строка" in all_text(doc)
    [table] = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["№", "ФИО"]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # the header repeats on every page
    assert table.rows[2].cells[0].text == table.rows[2].cells[1].text == "Раздел"  # colspan → merged
    assert len(doc.sections) == 2
    assert_gost_page(doc.sections[0])
    assert_gost_page(doc.sections[1], landscape=True)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert 'w:val="ru-RU"' in normal.element.xml


def test_order_pack_as_docx(world, client_for):
    order = world["order_a"]
    client = client_for("methodist")
    response = download(client, f"/orders/{order.pk}/docx/")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert ".docx" in response["Content-Disposition"]
    doc = read(response.content)
    text = all_text(doc)
    assert "ПРИКАЗ" in text and order.reference.split()[0] in text or str(order.number) in text
    assert "Приложение 1" in text
    assert doc.tables, "appendix tables are Word tables"
    assert_gost_page(doc.sections[0])
    assert len(doc.sections) >= 1 + order.appendices.count() - sum(1 for _ in [])  # each appendix a new page
    # Another school's order is not given.
    assert client_for("school_b").get(f"/orders/{order.pk}/docx/").status_code == 404


def test_brief_and_iom_print_form_as_docx(world, client_for):
    client = client_for("methodist")
    brief = download(client, f"/monitoring/campaigns/{world['campaign'].pk}/brief/?format=docx")
    assert brief.status_code == 200 and brief["Content-Type"] == DOCX
    text = all_text(read(brief.content))
    assert "Аналитическая справка" in text and "Выводы и рекомендации" in text
    assert read(brief.content).tables
    iom = world["iom_a"]
    form = download(client, f"/iom/{iom.pk}/print/?format=docx")
    assert form.status_code == 200 and form["Content-Type"] == DOCX
    doc = read(form.content)
    text = all_text(doc)
    assert "ИНДИВИДУАЛЬНЫЙ ОБРАЗОВАТЕЛЬНЫЙ МАРШРУТ" in text and iom.specialist.full_name in text
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape as the PDF
    assert len(doc.tables) >= 3  # the fill-in table, the rows, the signatures


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_the_order_docx_converts_to_pdf_with_libreoffice(world, client_for, tmp_path):
    content = download(client_for("methodist"), f"/orders/{world['order_a'].pk}/docx/").content
    source = tmp_path / "order.docx"
    source.write_bytes(content)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, timeout=180, capture_output=True,
    )
    pdf = (tmp_path / "order.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
