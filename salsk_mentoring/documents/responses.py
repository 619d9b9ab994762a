"""A document as an HTTP download: the file with its Russian name, or the print HTML in the browser.

:func:`printed_response` is how a view answers with a printed document (PDF, or DOCX with ``?format=docx``):
made in the request when it is small, else by a background job (:mod:`salsk_mentoring.jobs`) that replays the
same request — the same view, filters and scope of the same user — in the worker (:func:`printed_job`).
"""

from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify

from .parts import document_pdf
from .pdf import render_html

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
    response.document_name = filename  # read by printed_job
    return response


def document_response(request, template_name: str, context: dict, *, filename: str) -> HttpResponse:
    """A PDF download, the same page as HTML with ``?format=html``, or an editable DOCX of the same HTML with
    ``?format=docx`` (:mod:`.word`). In a job (:func:`printed_job`) the stages are reported on the job's page."""
    job = getattr(request, "printing_job", None)
    html = render_html(template_name, context, None if job else request)
    if request.GET.get("format") == "html":
        return HttpResponse(html)
    if request.GET.get("format") == "docx":
        from .word import html_to_docx

        if job:
            job.set_progress(2, 3, "Сборка документа Word…")
        name = filename.rsplit(".", 1)[0]
        return attachment(html_to_docx(html, title=name), filename=f"{name}.docx", content_type=DOCX_CONTENT_TYPE)
    if job:
        job.set_progress(1, 3, "Вёрстка страниц…")
    report = (lambda message: job.set_progress(2, 3, message)) if job else None
    return attachment(document_pdf(html, progress=report), filename=filename, content_type=PDF_CONTENT_TYPE)


def printed_response(request, build, *, rows, title: str) -> HttpResponse:
    """A printed document of a view: ``build()`` → ``(template_name, context, filename)``.

    ``rows()``: the table rows the document will print, counted before anything is built or rendered (WeasyPrint
    lays out ≈100 table rows a second, docs/performance.md). Up to ``settings.PRINT_SYNC_ROWS`` — and always for
    ``?format=html`` — the request builds the document and answers with the file; above it the request answers
    at once with the page of a job (progress, then the download), and the worker builds the document by
    replaying this request for the same user (:func:`printed_job`): the view checks its rights and scope again.
    The same document of the same user already queued or running answers with that job's page before anything
    is counted: a burst of clicks on one big report costs one read each.
    """
    job = getattr(request, "printing_job", None)
    if job is None and request.GET.get("format") != "html":
        from ..jobs import job_query, job_when_big

        function, arguments = "salsk_mentoring.documents.responses.printed_job", {
            "path": request.path,
            "query": job_query(request.GET),
            "organisation": getattr(getattr(request, "active_organisation", None), "pk", None),
        }
        kind = "DOCX" if request.GET.get("format") == "docx" else "PDF"
        big = job_when_big(
            request.user, function, arguments, rows=rows, limit=settings.PRINT_SYNC_ROWS, title=f"{title} ({kind})"
        )
        if big is not None:
            return redirect(big)
    if job is not None:
        job.set_progress(0, 3, "Сбор данных…")
    template_name, context, filename = build()
    return document_response(request, template_name, context, filename=filename)


def printed_job(*, job, path: str, query: str, organisation=None):
    """Background job of :func:`printed_response`: the user's request replayed in the worker — the same URL, its
    query, the user and their chosen organisation — answered by the same view, which now builds the document."""
    from django.test import RequestFactory
    from django.urls import resolve

    from ..scoping import get_organisation_model

    request = RequestFactory().get(f"{path}?{query}" if query else path)
    request.user = job.user
    request.active_organisation = (
        get_organisation_model().objects.for_user(job.user).filter(pk=organisation).first() if organisation else None
    )
    request.printing_job = job
    match = resolve(path)
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except (Http404, PermissionDenied) as exc:  # the record was deleted, or the user's rights changed meanwhile
        raise ValueError("документ больше недоступен (запись удалена или нет доступа).") from exc
    name = getattr(response, "document_name", None)
    if response.status_code != 200 or name is None:
        raise ValueError("документ не сформирован.")
    return response.content, name, response["Content-Type"]
