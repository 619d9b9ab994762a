"""A long plain table appendix is set by ReportLab (``salsk_mentoring.documents.longtable``) from the same HTML
WeasyPrint gets."""

import io

import pytest
from pypdf import PdfReader

from orders import printing
from salsk_mentoring.documents import longtable, parts
from salsk_mentoring.documents import pdf as html_pdf

from .factories import OrderAppendixFactory

pytestmark = pytest.mark.django_db


def long_body(rows):
    return "№ | ФИО | Организация | Компетенции\n" + "\n".join(
        f"{i} | Педагог{i:04d} Тестовый | МБОУ СОШ № {i % 9 + 1} г. Сальска | "
        "адаптация молодого педагога, методика урока, классное руководство"
        for i in range(1, rows + 1)
    )


def test_long_table_appendix_is_set_by_the_typesetter_with_every_row(world, monkeypatch):
    order = world["order_draft"]
    rows = longtable.LONG_TABLE_ROWS + 50
    appendix = OrderAppendixFactory(
        order=order, number=2, title="Банк наставников", body=long_body(rows), landscape=True
    )
    monkeypatch.setattr(html_pdf, "html_to_pdf", lambda html: pytest.fail("WeasyPrint laid out the long table"))
    html = printing.render_pack_html(order, include_order=False, only=appendix)
    part = longtable.table_part(html)
    assert part is not None and part.landscape and len(part.rows) == rows
    assert part.mark == ["Приложение 2", "к приказу управления образования Сальского района", order.reference]
    pdf = parts.part_pdf(html)
    assert pdf == longtable.to_pdf(part)  # byte-stable
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 2
    first, second = reader.pages[0], reader.pages[1]
    assert first.mediabox.width > first.mediabox.height  # landscape
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Приложение 2" in first.extract_text() and "Банк наставников" in first.extract_text()
    assert all(f"Педагог{i:04d}" in text for i in range(1, rows + 1))
    # Page numbers from the second page, the header row repeated on every page.
    assert second.extract_text().lstrip().startswith("2") and "ФИО" in second.extract_text()
    assert not first.extract_text().lstrip().startswith("1")
    # The standalone appendix and the pack carry the same pages.
    assert printing.appendix_pdf(order, appendix) == printing.stamp_appendix(order, html, pdf)


def test_short_or_rich_appendices_stay_with_weasyprint(world):
    order = world["order_draft"]
    short = OrderAppendixFactory(order=order, number=2, body=long_body(longtable.LONG_TABLE_ROWS - 1))
    text = OrderAppendixFactory(order=order, number=3, kind="free_text", body="Строка\n" * 400)
    for appendix in (short, text):
        assert longtable.table_part(printing.render_pack_html(order, include_order=False, only=appendix)) is None
    assert longtable.table_part(printing.render_pack_html(order)) is None  # the order text itself
    rich = printing.render_pack_html(
        order, include_order=False, only=OrderAppendixFactory(order=order, number=4, body=long_body(300))
    ).replace("<td>Педагог0001 Тестовый</td>", "<td><b>Педагог0001</b> Тестовый</td>")
    assert longtable.table_part(rich) is None


def test_wrap_and_column_widths():
    longtable._register_fonts()
    assert longtable.wrap("учитель-учитель", 60) == ["учитель-", "учитель"]
    assert longtable.wrap("ученик- ученик", 1000) == ["ученик- ученик"]
    lines = longtable.wrap("Оченьдлинноеслово" * 5, 60)
    assert len(lines) > 1 and "".join(lines) == "Оченьдлинноеслово" * 5
    assert all(longtable._width(line, longtable.FONT, longtable.TABLE_PT) <= 60 for line in lines)
    part = longtable.TablePart(headers=["№", "Текст"], rows=[["1", "короткий"], ["2", "слово " * 80]], centred={0})
    widths = longtable.column_widths(part, 500)
    assert sum(widths) == pytest.approx(500) and widths[1] > widths[0] * 5


def test_a_row_taller_than_a_page_continues_on_the_next_page(world, monkeypatch):
    order = world["order_draft"]
    words = " ".join(f"слово{i}" for i in range(3000))
    body = long_body(longtable.LONG_TABLE_ROWS).replace("Педагог0005 Тестовый", words, 1)
    appendix = OrderAppendixFactory(order=order, number=2, body=body)
    html = printing.render_pack_html(order, include_order=False, only=appendix)
    assert longtable.table_part(html) is not None
    monkeypatch.setattr(html_pdf, "html_to_pdf", lambda html: pytest.fail("WeasyPrint laid out the long table"))
    reader = PdfReader(io.BytesIO(parts.part_pdf(html)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert all(f"слово{i}" in text for i in (0, 1500, 2999)) and "Педагог0150" in text
    assert all("ФИО" in page.extract_text() for page in reader.pages)  # the header on every page
