"""Editable DOCX of an order with its appendices, of the analytic brief and of the IOM print form: the same
content as the PDF (the same HTML), ГОСТ Р 7.0.97 margins, a Cyrillic font, real Word tables; the file is read
back with python-docx and, where LibreOffice is installed, converted to PDF."""

import io
import logging
import shutil
import subprocess
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import html as lxml_html
from PIL import Image

from monitoring import charts, services
from monitoring.models import Target
from salsk_mentoring import drawing
from salsk_mentoring.documents import word
from salsk_mentoring.documents.word import html_to_docx
from tests.downloads import download
from tests.monitoring.factories import TargetFactory

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


def test_a_cell_spanning_rows_is_one_merged_cell_and_the_rows_below_keep_their_columns():
    """The trend report's head: «Показатель» over two header rows, a year over two columns."""
    html = (
        '<html><body><table class="doc"><thead><tr><th rowspan="2">Показатель</th><th colspan="2">2020-2021</th>'
        '<th colspan="2">2021-2022</th></tr><tr><th>цель</th><th>достигнуто</th><th>цель</th><th>достигнуто</th>'
        '</tr></thead><tbody><tr><td>Ф1</td><td class="n">25 %</td><td class="n">23,6 %</td><td class="n">35 %</td>'
        '<td class="n">35,3 %</td></tr></tbody></table></body></html>'
    )
    [table] = read(html_to_docx(html)).tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Показатель", "2020-2021", "2020-2021", "2021-2022", "2021-2022"],
        ["Показатель", "цель", "достигнуто", "цель", "достигнуто"],
        ["Ф1", "25 %", "23,6 %", "35 %", "35,3 %"],
    ]
    assert table.cell(0, 0)._tc is table.cell(1, 0)._tc  # one cell, merged down (its text written once)
    assert table.cell(0, 0).text.count("Показатель") == 1
    assert table.cell(2, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT  # numbers at the right, as the PDF


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


# --- charts: the PDF's SVG charts as pictures -------------------------------------------------------------------
@pytest.fixture
def accepted(world):
    """School A's report of the world's campaign accepted (Т1 3 of 12 = 25 % against 35 %, Т2 4 against a
    district target of 10): the brief and the district report draw two charts with bars."""
    TargetFactory(indicator=world["indicator_count"], academic_year=world["year"], level=Target.Level.DISTRICT,
                  value=Decimal(10))
    submission = world["submission_a"]
    services.submission_save(user=world["school_a"], submission=submission, values={
        world["indicator"].pk: {"numerator": "3", "denominator": "12"},
        world["indicator_count"].pk: {"value": "4"},
        world["indicator_young"].pk: {"value": "1"},
    })
    services.submission_submit(user=world["school_a"], submission=submission)
    services.submission_accept(user=world["methodist"], submission=submission)
    return world


def chart_svgs(html: str) -> list:
    return [svg for svg in lxml_html.document_fromstring(html).iter("svg") if "chart" in svg.get("class", "")]


def pictures(doc) -> list:
    """(PNG image, alt text) of every inline picture of the document, in order."""
    found = []
    for shape in doc.inline_shapes:
        embed = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        blob = doc.part.related_parts[embed].blob
        found.append((Image.open(io.BytesIO(blob)), shape._inline.docPr.get("descr")))
    return found


def assert_charts_are_pictures(client, url: str):
    """The DOCX of ``url`` has one picture per SVG chart of its print HTML: a PNG at 2× the chart, its bars
    coloured where the chart draws them, the chart's title as alt text, within the text width; no placeholder."""
    html = client.get(f"{url}&format=html").content.decode()
    svgs = chart_svgs(html)
    assert len(svgs) == 2
    response = download(client, f"{url}&format=docx")
    assert response["Content-Type"] == DOCX
    doc = read(response.content)
    found = pictures(doc)
    assert len(found) == len(svgs)
    assert "[Диаграмма" not in all_text(doc) and "PDF-версию" not in all_text(doc)
    for svg, (image, alt) in zip(svgs, found, strict=True):
        chart = drawing.from_svg(svg)
        assert image.format == "PNG" and image.size == (chart.width * 2, chart.height * 2)
        assert alt == svg.get("aria-label") and alt
        bars = [i for i in chart.items if isinstance(i, drawing.Rect) and i.width > 14]
        assert bars, "the chart has a bar"
        rgb = image.convert("RGB")
        for bar in bars:
            centre = (round((bar.x + bar.width / 2) * 2), round((bar.y + bar.height / 2) * 2))
            assert rgb.getpixel(centre) != (255, 255, 255)
    section = doc.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert all(0 < shape.width <= text_width for shape in doc.inline_shapes)
    assert not any(table._tbl.xpath(".//pic:pic") for table in doc.tables)  # one a line: no grid in the PDF
    return response.content


def test_the_brief_docx_has_the_charts_as_pictures(accepted, client_for):
    url = f"/monitoring/campaigns/{accepted['campaign'].pk}/brief/?municipality="
    assert_charts_are_pictures(client_for("methodist"), url)


def test_the_district_report_docx_has_the_charts_as_pictures(accepted, client_for):
    url = f"/monitoring/reports/district/?year={accepted['year'].pk}&_export=pdf"
    assert_charts_are_pictures(client_for("official"), url)


def test_the_trend_report_docx_sets_its_charts_two_to_a_row(accepted, client_for):
    """The PDF sets the trend charts side by side (``.chart-grid``, print.css); the DOCX the same way: a borderless
    two-column table, row after row in the PDF's order, each picture within half the text width."""
    client = client_for("official")
    url = f"/monitoring/reports/trend/?year={accepted['year'].pk}&_export=pdf"
    svgs = chart_svgs(client.get(f"{url}&format=html").content.decode())
    assert len(svgs) == 3  # an odd number: the last row holds one chart
    doc = read(download(client, f"{url}&format=docx").content)
    [grid] = [table for table in doc.tables if table._tbl.xpath(".//pic:pic")]
    assert len(grid.columns) == 2 and len(grid.rows) == 2
    placed = [[cell._tc.xpath(".//wp:docPr/@descr") for cell in row.cells] for row in grid.rows]
    names = [svg.get("aria-label") for svg in svgs]
    assert placed == [[[names[0]], [names[1]]], [[names[2]], []]]
    assert len(doc.inline_shapes) == len(svgs)  # every chart in the grid, none outside it
    assert grid.style.name != "Table Grid" and not grid._tbl.xpath("./w:tblPr/w:tblBorders")
    section = doc.sections[-1]
    half = (section.page_width - section.left_margin - section.right_margin) / 2
    assert all(half * 0.8 < shape.width < half for shape in doc.inline_shapes)


def test_a_chart_grid_keeps_what_is_not_a_chart_in_its_place():
    chart = charts.hbar_chart([charts.Bar("СОШ № 1", Decimal(5), Decimal(10))], title="Доли")
    html = (f'<html><body><div class="chart-grid"><div>{chart}</div><div>{chart}</div>'
            f"<p>Примечание к диаграммам</p><div>{chart}</div></div></body></html>")
    doc = read(html_to_docx(html))
    grids = [table for table in doc.tables if table._tbl.xpath(".//pic:pic")]
    assert [(len(t.rows), len(t._tbl.xpath(".//pic:pic"))) for t in grids] == [(1, 2), (1, 1)]
    assert "Примечание к диаграммам" in all_text(doc)


def test_a_tall_chart_fits_the_page():
    """The comparison's 50 organisations: a chart taller than the page is scaled down to its text height."""
    bars = [charts.Bar(f"МБОУ СОШ № {i}", Decimal(i), Decimal(30)) for i in range(1, 51)]
    doc = read(html_to_docx(f"<html><body>{charts.hbar_chart(bars, title='50 организаций')}</body></html>"))
    [shape] = doc.inline_shapes
    section = doc.sections[-1]
    assert shape.height <= section.page_height - section.top_margin - section.bottom_margin
    assert shape.width < section.page_width - section.left_margin - section.right_margin


def test_a_chart_that_cannot_be_drawn_stays_a_named_placeholder(monkeypatch, caplog):
    def broken(chart, **kwargs):
        raise OSError("no font")

    monkeypatch.setattr(word.drawing, "png", broken)
    svg = (
        '<svg class="chart" width="10" height="10" aria-label="Доли, %">'
        '<rect x="0" y="0" width="5" height="5" fill="#000"/></svg>'
    )
    with caplog.at_level(logging.ERROR, logger="salsk_mentoring.documents.word"):
        doc = read(html_to_docx(f"<html><body><p>Текст</p>{svg}</body></html>"))
    assert not doc.inline_shapes
    assert "[Диаграмма: Доли, % — см. PDF-версию документа]" in all_text(doc)
    assert "Доли, %" in caplog.text and "no font" in caplog.text


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")), reason="LibreOffice is not installed")
def test_the_brief_docx_charts_print_from_libreoffice(accepted, client_for, tmp_path):
    """Word's view of the file: LibreOffice lays the DOCX out as a PDF; its chart page shows the bars' colours."""
    url = f"/monitoring/campaigns/{accepted['campaign'].pk}/brief/?municipality="
    source = tmp_path / "brief.docx"
    source.write_bytes(download(client_for("methodist"), f"{url}&format=docx").content)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, timeout=180, capture_output=True,
    )
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(tmp_path / "brief.pdf"), str(tmp_path / "page")],
                   check=True, timeout=60)
    colours = set()
    for page in sorted(tmp_path.glob("page*.png")):
        colours |= {rgb for _, rgb in Image.open(page).convert("RGB").getcolors(1 << 20)}
    # The bars below the target, and the legend's square of a target met.
    wanted = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in ("#e07b00", "#2e7d32")]
    for rgb in wanted:
        assert any(all(abs(a - b) <= 8 for a, b in zip(rgb, seen, strict=True)) for seen in colours), rgb


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice is not installed")
def test_a_narrow_column_keeps_its_words_whole_in_libreoffice(tmp_path):
    """The brief's indicator table as LibreOffice lays it out: the code column holds «Ф5» and «М1», the header
    «Регион» (they broke into «Ф/5», «М/1» and «Регио/н»); a soft hyphen («Откло&shy;нение») is where a header
    may break."""
    long = "Доля обучающихся в возрасте от 10 до 18 лет, вошедших в программы наставничества в роли наставляемого"
    rows = "".join(
        f"<tr><td>Ф{i}</td><td>{long}</td><td class='num'>30 %</td><td class='num'>35 %</td>"
        f"<td class='num'><b>35,3 %</b></td><td class='num'>+0,3 %</td><td>не достигнут</td></tr>"
        for i in range(1, 4)
    ) + f"<tr><td>М1</td><td>{long}</td><td>—</td><td>420 ед.</td><td>210 ед.</td><td>−210 ед.</td><td>—</td></tr>"
    html = (
        '<html><body><table class="doc"><thead><tr><th>№</th><th>Показатель эффективности</th><th>Регион</th>'
        "<th>Цель района</th><th>Достиг&shy;нуто</th><th>Откло&shy;нение</th><th>Результат</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></body></html>"
    )
    source = tmp_path / "table.docx"
    source.write_bytes(html_to_docx(html, title="Таблица"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, timeout=180, capture_output=True,
    )
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "table.pdf"), "-"], check=True, timeout=60,
                          capture_output=True, text=True).stdout
    lines = [line.split() for line in text.splitlines() if line.strip()]
    assert "Регион" in lines[0], text
    assert [line[0] for line in lines if line[0][0] in "ФМ"] == ["Ф1", "Ф2", "Ф3", "М1"], text


def test_a_group_heading_row_stays_with_the_group():
    """The IOM form's «2. Планирование …» row was left alone at the foot of a page, its rows on the next: a
    group's heading row keeps with the next (Word and LibreOffice move it over with its first row)."""
    html = """<html><body><table class="doc"><thead><tr><th>№</th><th>Задачи</th></tr></thead><tbody>
    <tr class="section"><td colspan="2">2. Планирование и проектирование урока</td></tr>
    <tr><td class="num">3</td><td>Научиться составлять технологическую карту урока</td></tr></tbody></table>
    </body></html>"""
    [table] = read(html_to_docx(html)).tables
    header, group, row = table.rows
    assert group.cells[0].paragraphs[0].paragraph_format.keep_with_next
    assert not row.cells[1].paragraphs[0].paragraph_format.keep_with_next


def test_the_documents_own_css_gives_word_letter_spacing_and_space_above():
    """The converter reads a template's ``<style>`` as WeasyPrint does: ``letter-spacing`` → the runs' character
    spacing (inherited, em of the font size), ``margin-top`` / ``margin`` → space before a paragraph or a table's
    first row; the browser preview's ``@media screen`` rules are not the print."""
    html = """<html><head><style>
    .kind { font-size: 16pt; letter-spacing: .35em; margin: 0 0 14pt; }
    .spaced { letter-spacing: 1pt; }
    .late { margin-top: 36pt; }
    .gap { margin: 12pt 0; }
    @media screen { .plain { margin-top: 50pt; letter-spacing: 3pt; } }
    </style></head><body>
    <div class="kind">ПРИКАЗ</div><p class="plain">Текст</p><p class="gap">Абзац</p>
    <div class="spaced">Вот <b>жирный</b></div>
    <table class="layout late"><tr><td>Начальник</td><td>М.Е. Сенченко</td></tr><tr><td>а</td><td>б</td></tr></table>
    </body></html>"""
    doc = read(html_to_docx(html))

    def tracking(run):
        spacing = run._r.rPr.find(qn("w:spacing")) if run._r.rPr is not None else None
        return int(spacing.get(qn("w:val"))) if spacing is not None else 0

    kind, plain, gap, spaced = doc.paragraphs[:4]
    assert kind.text == "ПРИКАЗ" and tracking(kind.runs[0]) == 112  # 0.35 × 16 pt = 5.6 pt = 112 twips
    assert kind.paragraph_format.space_before in (None, 0)
    assert tracking(plain.runs[0]) == 0 and plain.paragraph_format.space_before in (None, 0)
    assert gap.paragraph_format.space_before.pt == 12
    assert [tracking(r) for r in spaced.runs] == [20, 20]  # the bold inline run inherits it
    [table] = doc.tables
    assert [c.paragraphs[0].paragraph_format.space_before.pt for c in table.rows[0].cells] == [36, 36]
    assert table.rows[1].cells[0].paragraphs[0].paragraph_format.space_before in (None, 0)


def test_the_order_docx_spaces_the_kind_and_sets_off_the_signature_as_the_pdf(world, client_for):
    """Found by the acceptance walk: the PDF prints «П Р И К А З» and leaves space above «Начальник … Фамилия»
    (templates/orders/print/style.html); the DOCX had neither."""
    doc = read(download(client_for("methodist"), f"/orders/{world['order_a'].pk}/docx/").content)
    [kind] = [p for p in doc.paragraphs if p.text == "ПРИКАЗ"]
    assert kind.runs[0]._r.rPr.find(qn("w:spacing")).get(qn("w:val")) == "112"  # 0.35em of 16 pt
    [signature] = [t for t in doc.tables if world["order_a"].signatory_name in t.rows[0].cells[-1].text]
    assert all(c.paragraphs[0].paragraph_format.space_before.pt == 36 for c in signature.rows[0].cells)
