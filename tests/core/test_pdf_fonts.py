"""Every font of the portal's PDFs is embedded (``pdffonts``: no «no» in «emb»): the Order pack (parts by
WeasyPrint and by the long-table typesetter, merged and stamped with the version line) and the list PDFs."""

import shutil
import subprocess

import pytest

from tests.core.test_list_exports import unembedded_fonts
from tests.downloads import download


def pdffonts_unembedded(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    # name type encoding emb sub uni object ID: «emb» is the 5th column from the end
    return [row.split()[0] for row in rows if row.split()[-5] == "no"]


@pytest.mark.parametrize("url", ["order_pdf", "organisations", "pairs", "teachers"])
def test_every_font_is_embedded(world, client_for, url, tmp_path):
    target = {
        "order_pdf": f"/orders/{world['order_a'].pk}/pdf/",
        "organisations": "/organisations/?_export=pdf",
        "pairs": "/pairs/?_export=pdf",
        "teachers": "/teachers/?_export=pdf",
    }[url]
    response = download(client_for("methodist"), target)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert unembedded_fonts(response.content) == []
    if shutil.which("pdffonts"):
        assert pdffonts_unembedded(response.content, tmp_path) == []


def test_the_version_stamp_brings_no_font_of_its_own():
    """The stamp's overlay starts in the embedded PT Serif: ReportLab's initial Helvetica would be named in every
    page's resources without being carried."""
    from salsk_mentoring.documents import stamp

    overlay = stamp._overlay("Подписан 15.11.2021 · версия 3f9a2c1b", 595.0, 842.0)
    assert b"Helvetica" not in overlay
