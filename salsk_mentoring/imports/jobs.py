"""A checked file of many rows written in the background (``salsk_mentoring.jobs``): the job page shows the
rows read so far, and the user downloads a short protocol of what was written."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.module_loading import import_string

from ..documents.responses import XLSX_CONTENT_TYPE
from ..documents.xlsx import write_rows
from ..scoping import get_organisation_model
from .importer import ImportRefused
from .reading import Limits

#: Row errors quoted in a failed job's message (the rest are counted).
QUOTED_ERRORS = 20


def import_job(*, job, importer, path, name, rows, organisation=None, update=False, options=None):
    """Background check and commit of a big file: progress while reading, then all rows or none.

    Returns a short XLSX protocol (what was written) for «Мои документы»; a file that does not pass the
    checks fails the job with its row errors (row and column each), nothing written. The reading is bounded
    as in a request, with the job's time cap (``IMPORT_JOB_MAX_SECONDS``).
    """
    org = get_organisation_model().objects.filter(pk=organisation).first() if organisation else None
    instance = import_string(importer).for_job(job.user, organisation=org, update=update, **(options or {}))
    job.set_progress(0, rows, "Проверка строк…")
    instance.progress = lambda done: job.set_progress(done, rows)
    try:
        try:
            with default_storage.open(path, "rb") as fh:
                upload = ContentFile(fh.read(), name=name)
        except FileNotFoundError:  # removed by expire_jobs: the job waited longer than its timeout
            raise ValueError("файл импорта уже удалён по сроку хранения; загрузите его ещё раз") from None
        upload.size = len(upload)
        result = instance.parse(upload, limits=Limits.for_job())
        if not result.ok:
            quoted = "; ".join(str(e) for e in result.errors[:QUOTED_ERRORS])
            more = len(result.errors) - QUOTED_ERRORS
            count = f"{len(result.errors)}{' и больше' if len(result.errors) >= instance.max_errors else ''}"
            raise ValueError(
                f"ничего не записано: ошибок в файле — {count}. {quoted}{f'; и ещё {more}' if more > 0 else ''}. "
                "Исправьте файл и загрузите его снова."
            )
        job.set_progress(rows, rows, "Запись…")
        instance.commit(result)
    except ImportRefused as exc:
        raise ValueError(str(exc)) from exc
    finally:
        default_storage.delete(path)
    job.set_progress(rows, rows, f"Добавлено строк: {result.created}, обновлено: {result.updated}.")
    content = write_rows(
        [[name, result.total, result.created, result.updated, result.unchanged, job.user.get_username()]],
        title="Протокол импорта",
        headers=["Файл", "Строк в файле", "Добавлено", "Обновлено", "Без изменений", "Пользователь"],
    )
    return content, f"Протокол импорта {name}", XLSX_CONTENT_TYPE

