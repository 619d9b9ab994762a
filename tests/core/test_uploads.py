import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from salsk_mentoring.uploads import DOCUMENTS, IMAGES, SPREADSHEETS, validate_upload


def xlsx_bytes(vba=False):
    buffer = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["ФИО"])
    wb.save(buffer)
    if not vba:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"macro")
    return out.getvalue()


PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n" + b"x" * 100


def test_accepts_real_files():
    assert validate_upload(SimpleUploadedFile("отчёт.pdf", PDF), DOCUMENTS).label == "PDF"
    assert validate_upload(SimpleUploadedFile("list.xlsx", xlsx_bytes()), SPREADSHEETS).label == "XLSX"


@pytest.mark.parametrize("name,content,code", [
    ("virus.xlsx", b"MZ\x90\x00" + b"\x00" * 200, "executable"),
    ("macro.xlsx", None, "macro"),
    ("photo.png", PDF, "content"),
    ("report.exe", b"MZ" + b"\x00" * 100, "extension"),
    ("empty.pdf", b"", "empty"),
])
def test_refuses_with_a_reason(name, content, code):
    content = xlsx_bytes(vba=True) if content is None else content
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile(name, content), DOCUMENTS + IMAGES)
    assert exc.value.code == code
    assert name in exc.value.messages[0]


def test_refuses_too_large(settings):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        validate_upload(big, DOCUMENTS, max_mb=1)
    assert "слишком большой" in exc.value.messages[0]
