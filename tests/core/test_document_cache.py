"""A document laid out in a request (document_response) is laid out once per distinct HTML: the same document
asked for again — a burst of fifty people — is read from the cache of laid-out parts, byte for byte the same."""

import pytest
from django.test import RequestFactory

from salsk_mentoring.documents import pdf
from salsk_mentoring.documents.responses import document_response
from salsk_mentoring.models import PrintedPart

pytestmark = pytest.mark.django_db


def download(title):
    request = RequestFactory().get("/report/")
    return document_response(request, "print/base.html", {"title": title}, filename=f"{title}.pdf")


def test_the_same_document_is_laid_out_once_and_a_changed_one_again(monkeypatch):
    calls = []
    original = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, progress=None: calls.append(html) or original(html, progress))

    first = download("Отчёт об исполнении плана")
    again = download("Отчёт об исполнении плана")
    assert len(calls) == 1
    assert again.content == first.content and first.content.startswith(b"%PDF")
    assert again["Content-Disposition"] == first["Content-Disposition"]

    changed = download("Отчёт по району")
    assert len(calls) == 2
    assert changed.content != first.content
    assert PrintedPart.objects.count() == 2
