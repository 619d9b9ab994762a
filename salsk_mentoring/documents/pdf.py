"""Django template → HTML → WeasyPrint PDF: one way for every printable document of the portal.

``?format=html`` returns the same HTML for debugging in a browser (:func:`.responses.document_response`).
WeasyPrint may load nothing but the project's static files (fonts, print CSS, images) and ``data:`` URIs: no
network, no ``file://``. The output is deterministic: no dates in the metadata and a document identifier derived
from the HTML, so the same HTML always gives the same bytes (the part cache and signed orders rely on it).
"""

import hashlib
import io
import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PRINT_BASE_URL = "https://print.invalid/"


class StaticOnlyFetcher:
    """URL fetcher for WeasyPrint that serves only static files."""

    def __new__(cls):
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class _Fetcher(URLFetcher):
            def fetch(self, url, headers=None):
                if url.startswith("data:"):
                    return super().fetch(url, headers)
                parts = urlsplit(url)
                base = urlsplit(PRINT_BASE_URL)
                if parts.scheme != base.scheme or parts.netloc != base.netloc:
                    raise ValueError(f"Печатная форма не может загружать внешние ресурсы: {url}")
                path = parts.path
                if not path.startswith(settings.STATIC_URL):
                    raise ValueError(f"Разрешены только статические файлы портала: {url}")
                relative = path[len(settings.STATIC_URL):]
                if not relative or ".." in relative.split("/") or relative.startswith("/"):
                    raise ValueError(f"Недопустимый путь: {url}")
                found = finders.find(relative)
                if not found and settings.STATIC_ROOT:
                    candidate = settings.STATIC_ROOT / relative
                    found = str(candidate) if candidate.is_file() else None
                if not found:
                    raise ValueError(f"Статический файл не найден: {relative}")
                with open(found, "rb") as fh:
                    body = fh.read()
                mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body, {"Content-Type": mime}, 200)

        return _Fetcher()


def render_html(template_name: str, context: dict, request=None) -> str:
    return render_to_string(template_name, context, request=request)


def html_to_pdf(html: str, progress=None) -> bytes:
    """WeasyPrint with a document identifier derived from the HTML: same HTML → same bytes. ``progress(message)``
    is told when the pages are laid out (a background job shows it) and before the file is written."""
    from weasyprint import DEFAULT_OPTIONS, HTML

    buffer = io.BytesIO()
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
    options = {**DEFAULT_OPTIONS, "pdf_identifier": identifier, "uncompressed_pdf": False}
    document = HTML(string=html, base_url=PRINT_BASE_URL, url_fetcher=StaticOnlyFetcher()).render(**options)
    if progress is not None:
        progress(f"Свёрстано страниц: {len(document.pages)}, запись PDF…")
    document.write_pdf(buffer, **options)
    return buffer.getvalue()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    return html_to_pdf(render_html(template_name, context, request))
