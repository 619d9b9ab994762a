"""Upload validation by content and size, with reasons in Russian.

Use :func:`validate_upload` in a form's ``clean_<field>`` or as a field
validator (``FileTypeValidator``). The extension alone is never trusted: the
file's first bytes must match one of the allowed kinds, executables and macro
workbooks are refused whatever their name.
"""

import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible


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
