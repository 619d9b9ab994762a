"""The print CSS (static/print/print.css) as WeasyPrint lays it out: spacing a reader notices on paper."""

from salsk_mentoring.documents.pdf import PRINT_BASE_URL, StaticOnlyFetcher


def layout(body: str):
    from weasyprint import HTML

    html = (f'<!doctype html><html lang="ru"><head><link rel="stylesheet" href="/static/print/print.css"></head>'
            f"<body>{body}</body></html>")
    return HTML(string=html, base_url=PRINT_BASE_URL, url_fetcher=StaticOnlyFetcher()).render()


def boxes(document, tag: str):
    return [box for page in document.pages for box in page._page_box.descendants() if box.element_tag == tag]


def test_a_heading_after_a_table_stands_apart_from_it():
    """The brief's «4. Выводы и рекомендации» sat on the bottom line of the table above it: a heading that
    follows a table keeps at least the space a heading keeps below itself (8 pt)."""
    document = layout(
        '<table class="doc"><tr><td>МБОУ СОШ № 1 г. Сальска</td><td>заполняется</td></tr></table>'
        "<h2>4. Выводы и рекомендации</h2><p>Текст.</p>"
    )
    table = boxes(document, "table")[0]  # the table's wrapper: the table with its margins
    heading = boxes(document, "h2")[0]  # its block (then its line and text)
    table_bottom = table.position_y + table.margin_height()
    heading_top = heading.position_y + heading.margin_top
    assert heading_top - table_bottom >= 8 * 4 / 3  # CSS px
