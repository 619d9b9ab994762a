import io

import pytest
from pypdf import PdfReader

from salsk_mentoring.documents.pdf import StaticOnlyFetcher


def test_organisations_pdf(world, client_for):
    response = client_for("methodist").get("/organisations/?_export=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    assert "Организации" in text
    assert world["org_a"].short_name.split()[0] in text
    fonts = {str(font) for page in reader.pages for font in _fonts(page)}
    assert any("PTSerif" in f or "PT Serif" in f or "PT-Serif" in f for f in fonts), fonts


def _fonts(page):
    resources = page.get("/Resources") or {}
    fonts = resources.get("/Font") or {}
    for ref in fonts.values():
        yield ref.get_object().get("/BaseFont")


def test_html_preview_of_the_same_document(world, client_for):
    response = client_for("methodist").get("/organisations/?_export=pdf&format=html")
    assert response["Content-Type"].startswith("text/html")
    assert "print/print.css" in response.content.decode()


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "https://example.com/x.css",
    "https://print.invalid/media/secret.pdf",
    "https://print.invalid/static/../../etc/passwd",
])
def test_pdf_fetcher_loads_only_static_files(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_pdf_fetcher_serves_fonts():
    response = StaticOnlyFetcher().fetch("https://print.invalid/static/fonts/pt-serif/PT_Serif-Web-Regular.ttf")
    assert response.status == 200
