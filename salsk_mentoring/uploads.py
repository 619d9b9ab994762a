"""Uploaded files: checked by content and size when they come in, stored under names nobody can guess,
handed out only by views that checked who asks, removed when replaced or deleted.

* Checks: :func:`validate_upload` in a form's ``clean_<field>`` or as a field validator
  (``FileTypeValidator``). The extension alone is never trusted: the file's first bytes must match one of
  the allowed kinds, executables and macro workbooks are refused whatever their name; reasons in Russian.
* Names: ``upload_to=PrivateUploadTo("iom/evidence")`` stores ``iom/evidence/<32 random hex>/<file name>``.
* Serving: the media folder is never published — not by ``runserver`` (no ``static()`` route for
  ``MEDIA_URL``), not by nginx. A view looks the object up inside the user's scope and returns
  :func:`serve_upload`; with ``PORTAL_MEDIA_ACCEL_REDIRECT`` set, nginx sends the bytes from an ``internal``
  location (docs/operations.md), otherwise Django streams them.
* Removal: django-cleanup deletes a replaced or deleted record's file after the transaction commits.
"""

import mimetypes
import os
import secrets
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename


@dataclass(frozen=True)
class Kind:
    label: str
    extensions: tuple[str, ...]
    mimes: tuple[str, ...]


PDF = Kind("PDF", ("pdf",), ("application/pdf",))
DOCX = Kind("DOCX", ("docx",), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",))
XLSX = Kind("XLSX", ("xlsx",), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",))
JPEG = Kind("JPEG", ("jpg", "jpeg"), ("image/jpeg",))
PNG = Kind("PNG", ("png",), ("image/png",))
DOCUMENTS = (PDF, DOCX, XLSX, JPEG, PNG)
IMAGES = (JPEG, PNG)
SPREADSHEETS = (XLSX,)

EXECUTABLE_MIMES = {
    "application/x-msdownload", "application/x-executable", "application/x-elf", "application/x-mach-binary",
    "application/x-sh", "application/x-dosexec", "application/vnd.microsoft.portable-executable",
}


def _sniff(head: bytes, upload) -> str | None:
    """MIME type by content; OOXML files (zip) are told apart by their parts."""
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or head.startswith(b"#!"):
        return "application/x-executable"
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if head.startswith(b"PK"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "xl/vbaProject.bin" in names:
            return "application/vnd.ms-excel.sheet.macroEnabled.12"
        if "word/vbaProject.bin" in names:
            return "application/vnd.ms-word.document.macroEnabled.12"
        if any(n.startswith("xl/") for n in names):
            return XLSX.mimes[0]
        if any(n.startswith("word/") for n in names):
            return DOCX.mimes[0]
        return "application/zip"
    return mime


def validate_upload(upload, kinds=DOCUMENTS, *, max_mb: int | None = None):
    """Raise ValidationError with a reason unless ``upload`` is one of ``kinds`` by name *and* content."""
    max_mb = max_mb or settings.MAX_UPLOAD_MB
    allowed = ", ".join(k.label for k in kinds)
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            f"Файл «{upload.name}» слишком большой: {upload.size / 1024 / 1024:.1f} МБ при допустимых {max_mb} МБ.",
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(f"Файл «{upload.name}» пустой.", code="empty")
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    kind = next((k for k in kinds if extension in k.extensions), None)
    if kind is None:
        raise ValidationError(
            f"Файл «{upload.name}» не принят: допустимы только {allowed}.", code="extension"
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    mime = _sniff(head, upload)
    if mime in EXECUTABLE_MIMES or mime == "application/x-executable":
        raise ValidationError(
            f"Файл «{upload.name}» — исполняемая программа; такие файлы не принимаются.", code="executable"
        )
    if mime and "macroEnabled" in mime:
        raise ValidationError(
            f"Файл «{upload.name}» содержит макросы (это .xlsm/.docm, переименованный в .{extension}); "
            "сохраните его как обычный документ без макросов.",
            code="macro",
        )
    if mime not in kind.mimes:
        raise ValidationError(
            f"Содержимое файла «{upload.name}» не соответствует расширению .{extension}: "
            f"файл повреждён или переименован. Допустимы {allowed}.",
            code="content",
        )
    return kind


@deconstructible
class FileTypeValidator:
    def __init__(self, kinds=DOCUMENTS, max_mb=None):
        self.kinds = tuple(kinds)
        self.max_mb = max_mb

    def __call__(self, upload):
        # Only fresh uploads carry content to check; stored files were checked when they came in.
        if getattr(upload, "_committed", True) is False or hasattr(upload, "content_type"):
            validate_upload(upload, self.kinds, max_mb=self.max_mb)

    def __eq__(self, other):
        return isinstance(other, FileTypeValidator) and self.kinds == other.kinds and self.max_mb == other.max_mb


def stored_files(storage, path=""):
    """Names of every file in ``storage`` under ``path`` (recursively)."""
    try:
        directories, files = storage.listdir(path)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from stored_files(storage, f"{path}/{directory}" if path else directory)


@deconstructible
class PrivateUploadTo:
    """``upload_to`` that stores ``<folder>/<32 random hex digits>/<the file's own name>``.

    Nobody can guess another file's address from their own (no ids, no dates, no sequence), and the person's
    file name is kept for the download.
    """

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    #: ``max_length`` of the file fields that use it (Django's default): the stored path must fit.
    max_length = 100

    def __call__(self, instance, filename):
        name = get_valid_filename(os.path.basename(filename)) or "file"
        prefix = f"{self.folder}/{secrets.token_hex(16)}/"
        return prefix + shorten_filename(name, self.max_length - len(prefix))

    def __eq__(self, other):
        return isinstance(other, PrivateUploadTo) and self.folder == other.folder


def shorten_filename(name: str, limit: int) -> str:
    """``name`` cut to ``limit`` characters, its extension kept: a document named after a long filter («Сравнение
    организаций … Ф1. Обучающиеся …») still gets stored (Django's own shortening gives up on such names)."""
    if len(name) <= limit:
        return name
    root, extension = os.path.splitext(name)
    extension = extension[:10]
    return root[: max(limit - len(extension), 1)].rstrip(" ._-") + extension


def serve_upload(file, *, filename=None, as_attachment=True, content_type=None):
    """The response that hands a stored file to someone the calling view has already checked.

    With ``settings.MEDIA_ACCEL_REDIRECT`` (``PORTAL_MEDIA_ACCEL_REDIRECT``, e.g. ``/protected-media/``) the
    body is left to nginx (``X-Accel-Redirect`` to an ``internal`` location); otherwise Django streams it.
    """
    if not file:
        raise Http404("Файл не приложен.")
    filename = filename or file.name.rsplit("/", 1)[-1]
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(file.name)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        try:
            handle = file.open("rb")
        except FileNotFoundError:
            raise Http404("Файл не найден в хранилище.") from None
        response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
