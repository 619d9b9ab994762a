"""What a user gets from a download link: the file, also when the link answers with a job page first."""

import io

from django.http import HttpResponse
from openpyxl import load_workbook

from salsk_mentoring.documents.xlsx import TITLE_ROWS


def download(client, url):
    """GET ``url``; a job page (a cold pack, a big export) is followed to its file — tests run jobs at once."""
    response = client.get(url)
    if response.status_code == 302 and "/jobs/" in response["Location"]:
        response = client.get(response["Location"].rstrip("/") + "/download/")
    if response.streaming:  # a finished job's file is streamed from storage
        body = b"".join(response.streaming_content)
        response.close()
        response = HttpResponse(body, status=response.status_code, headers=dict(response.items()))
    return response


def xlsx_table(content: bytes):
    """(title block lines, header, data rows) of an exported workbook's first sheet."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.values)
    title = [row[0] for row in rows[: TITLE_ROWS - 1]]
    return title, list(rows[TITLE_ROWS]), [list(row) for row in rows[TITLE_ROWS + 1:]]
