"""A document as an HTTP download: the file with its Russian name, or the print HTML in the browser."""

from urllib.parse import quote

from django.http import HttpResponse
from django.utils.text import slugify

from .pdf import html_to_pdf, render_html

PDF_CONTENT_TYPE = "application/pdf"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    ascii_name = slugify(filename.rsplit(".", 1)[0]) or "document"
    extension = filename.rsplit(".", 1)[-1]
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}.{extension}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def document_response(request, template_name: str, context: dict, *, filename: str) -> HttpResponse:
    """A PDF download, the same page as HTML with ``?format=html``, or an editable DOCX of the same HTML with
    ``?format=docx`` (:mod:`.word`)."""
    html = render_html(template_name, context, request)
    if request.GET.get("format") == "html":
        return HttpResponse(html)
    if request.GET.get("format") == "docx":
        from .word import html_to_docx

        name = filename.rsplit(".", 1)[0]
        return attachment(html_to_docx(html, title=name), filename=f"{name}.docx", content_type=DOCX_CONTENT_TYPE)
    return attachment(html_to_pdf(html), filename=filename, content_type=PDF_CONTENT_TYPE)
