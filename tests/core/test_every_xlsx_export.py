"""Every XLSX export of the portal opens right in Excel: typed date cells shown ДД.ММ.ГГГГ, no HTML tags, no «…»
truncation, a title block, an autofilter on the header row and the header frozen.

The exports are enumerated, not listed by hand: every route of the permission matrix (tests/<app>/matrix.py)
that asks for ``_export=xlsx`` or names an ``…_xlsx`` URL, and a guard that every registry list offering XLSX
is among them."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mentors.models import Pair
from salsk_mentoring.documents.listing import author_name
from salsk_mentoring.documents.xlsx import DATE_FORMAT, DATETIME_FORMAT, TITLE_ROWS
from salsk_mentoring.views import exportable_lists
from tests.downloads import download
from tests.matrix import OK, PERSONAS, all_routes
from tests.test_permission_matrix import resolve

XLSX_ROUTES = [r for r in all_routes() if "_export=xlsx" in r.query or r.name.endswith("_xlsx")]
#: The public bank's file is the same public data for everybody (made by a user-less job too): no author.
ANONYMOUS_FILES = {"mentors:public_bank"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
TEXT_DATE = re.compile(r"^\d{2}\.\d{2}\.\d{4}$")


def test_every_registry_list_with_xlsx_is_checked():
    checked = {r.name for r in XLSX_ROUTES}
    missing = sorted(set(name for name, view in exportable_lists() if "xlsx" in view.export_formats) - checked)
    assert not missing, f"XLSX-выгрузка без проверки (добавьте Route(..., query='_export=xlsx')): {missing}"
    assert len(XLSX_ROUTES) >= 20


def reader(route):
    """The first persona the route lets read (a methodist for most)."""
    for persona in PERSONAS:
        if route.profile.get[persona] == OK and persona != "anonymous":
            return persona
    return "anonymous"


def check_workbook(content: bytes, where: str, *, author: str = ""):
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    header_row = TITLE_ROWS + 1
    assert ws["A1"].value, f"{where}: no title"
    if author:  # the title block says who made the file (row 3: «Сформировано … в …, <who>. Записей: N.»)
        assert f", {author}." in (ws["A3"].value or ""), f"{where}: no author in «{ws['A3'].value}»"
    assert ws.freeze_panes == f"A{header_row + 1}", f"{where}: header not frozen ({ws.freeze_panes})"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{header_row}:"), f"{where}: no autofilter"
    headers = [c.value for c in ws[header_row]]
    assert all(headers), f"{where}: an empty header {headers}"
    dates = 0
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            value = cell.value
            if isinstance(value, datetime.datetime):
                dates += 1
                assert cell.number_format in (DATE_FORMAT, DATETIME_FORMAT), f"{where} {cell.coordinate}"
            elif isinstance(value, str):
                assert "<" not in value or not re.search(r"</?[a-z]+[ >/]", value), f"{where} {cell.coordinate}: HTML"
                assert not value.endswith("…"), f"{where} {cell.coordinate}: truncated «{value}»"
                assert not ISO_DATE.match(value), f"{where} {cell.coordinate}: a date as text «{value}»"
                if cell.row > header_row:
                    assert not TEXT_DATE.match(value), f"{where} {cell.coordinate}: a date as text «{value}»"
                    assert value not in ("True", "False"), f"{where} {cell.coordinate}: yes/no as {value}"
    for i, header in enumerate(headers, start=1):
        width = ws.column_dimensions[ws.cell(row=header_row, column=i).column_letter].width
        assert width and width >= 8, f"{where}: column «{header}» has no width"
    return dates


@pytest.mark.parametrize("route", XLSX_ROUTES, ids=[r.id for r in XLSX_ROUTES])
def test_the_xlsx_export_opens_typed(world, client_for, route):
    url = reverse(route.name, kwargs=resolve(route.kwargs, world)) + (f"?{route.query}" if route.query else "")
    persona = reader(route)
    client = client_for(persona) if persona != "anonymous" else client_for("methodist").__class__()
    response = download(client, url)
    assert response.status_code == 200, (url, persona, response.status_code, response.get("Location"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), url
    user = response.wsgi_request.user
    named = user.is_authenticated and route.name not in ANONYMOUS_FILES
    check_workbook(response.content, url, author=author_name(user) if named else "")


def test_a_list_with_dates_has_date_cells(world, client_for):
    """The pairs export: start and end as date cells shown ДД.ММ.ГГГГ (not «2022-05-10» text)."""
    content = download(client_for("methodist"), "/pairs/?_export=xlsx").content
    assert check_workbook(content, "/pairs/") >= 2
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    headers = [c.value for c in ws[TITLE_ROWS + 1]]
    status = headers.index("Статус")
    statuses = {row[status] for row in ws.iter_rows(min_row=TITLE_ROWS + 2, values_only=True)}
    assert statuses and statuses <= {str(label) for _, label in Pair.Status.choices}  # words, no badge HTML
