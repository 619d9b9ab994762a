"""Files people (and attackers) send to an import, built on the spot (tests/imports, ``manage.py loadtest
--hostile``): no binaries in the repository.

:func:`raw_xlsx` writes a workbook package around sheet XML given as text chunks (a generator: ten million
rows are never held in memory), so that a test controls what openpyxl would never write — a declared
dimension of the whole sheet, blank rows, a cell in the last row and column.
"""

import io
import zipfile
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}">'
    '<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def cell(column: int, row: int, value) -> str:
    ref = f"{get_column_letter(column)}{row}"
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(number: int, values) -> str:
    return f'<row r="{number}">' + "".join(cell(i, number, v) for i, v in enumerate(values, start=1)) + "</row>"


def raw_xlsx(chunks, *, dimension="A1", extra_parts=None) -> bytes:
    """An .xlsx whose only sheet's ``<sheetData>`` is the concatenation of ``chunks``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, content in (extra_parts or {}).items():
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><dimension ref="{dimension}"/>'
                "<sheetData>".encode()
            )
            pending = []
            for chunk in chunks:
                pending.append(chunk)
                if len(pending) >= 4096:
                    sheet.write("".join(pending).encode())
                    pending = []
            sheet.write(("".join(pending) + "</sheetData></worksheet>").encode())
    return buffer.getvalue()


def far_cell_xlsx(headers) -> bytes:
    """≈5 KB: declares A1:XFD1048576, the header in row 1 and one cell in the sheet's last row and column."""
    return raw_xlsx(
        [row_xml(1, headers), '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'],
        dimension="A1:XFD1048576",
    )


def blank_rows_xlsx(headers, rows=10_000_000) -> bytes:
    """≈100 KB: the header, then ``rows`` empty rows (``<row/>``; each counts as the next row)."""

    def chunks():
        yield row_xml(1, headers)
        block = "<row/>" * 100_000
        for _ in range(rows // 100_000):
            yield block

    return raw_xlsx(chunks(), dimension=f"A1:L{rows + 1}")


def many_rows_xlsx(headers, row, rows=100_000) -> bytes:
    """The header and ``rows`` rows: ``row`` is the values of one, where a text ``{n}`` becomes the row's
    number (unique e-mails); written as Excel writes them, each cell with its reference."""
    parts = []
    for i, value in enumerate(row, start=1):
        ref = get_column_letter(i) + "{n}"
        if isinstance(value, (int, float)):
            parts.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            text = escape(str(value)).replace("{n}", "\x00")
            parts.append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
    template = '<row r="{n}">' + "".join(parts).replace("{", "{{").replace("}", "}}").replace(
        "{{n}}", "{n}"
    ).replace("\x00", "{n}") + "</row>"

    def chunks():
        yield row_xml(1, headers)
        for n in range(2, rows + 2):
            yield template.format(n=n)

    return raw_xlsx(chunks(), dimension=f"A1:{get_column_letter(len(headers))}{rows + 1}")


def zip_bomb_xlsx(headers, megabytes=400) -> bytes:
    """A valid sheet and a shared-strings part that unpacks to ``megabytes`` of spaces (≈1 KB packed per MB)."""
    buffer = io.BytesIO(raw_xlsx([row_xml(1, headers)]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{NS}"><si><t>'.encode())
            block = b" " * (1 << 20)
            for _ in range(megabytes):
                part.write(block)
            part.write(b"</t></si></sst>")
    return buffer.getvalue()


def truncated(content: bytes) -> bytes:
    return content[: len(content) // 2]


def xls_97() -> bytes:
    """The first bytes of an Excel 97–2003 book: an OLE compound file (what matters to the reader)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 3000


def password_protected() -> bytes:
    """An encrypted .xlsx is an OLE compound file with an «EncryptedPackage» stream (MS-OFFCRYPTO)."""
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50
        + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 3000
    )  # fmt: skip


def ods() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return buffer.getvalue()


def csv_text(headers, rows, *, encoding="utf-8-sig", delimiter=";") -> bytes:
    lines = [delimiter.join(headers)] + [delimiter.join("" if v is None else str(v) for v in r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def html_table() -> bytes:
    return "<html><body><table><tr><td>Фамилия</td></tr></table></body></html>".encode()
