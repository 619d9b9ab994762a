"""The IOM print form keeps its signature block with the last rows of the table: never alone on the last page,
whatever the number of rows."""

import io

from pypdf import PdfReader

from tests.iom.factories import IomFactory, IomRowFactory


def test_the_signature_block_is_never_alone_on_a_page(world, client_for):
    iom = IomFactory(organisation=world["org_a"], academic_year=world["year"])
    client = client_for("methodist")
    checked_breaks = 0
    for rows in range(1, 19):
        IomRowFactory(iom=iom, activity=f"Мероприятие номер {rows:02d}")
        response = client.get(f"/iom/{iom.pk}/print/")
        assert response.status_code == 200
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages]
        last = pages[-1]
        assert "Наставник" in last and "(подпись)" in last
        # The page of the signatures also carries table rows: at least the last one.
        assert f"Мероприятие номер {rows:02d}" in last, (rows, len(pages), last[:200])
        checked_breaks += len(pages) > 1
    assert checked_breaks, "the test never reached a second page"
