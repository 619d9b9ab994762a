"""A checked file of many rows written in the background (``salsk_mentoring.jobs``): the job page shows the
rows read so far, and the user downloads a short protocol of what was written."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.module_loading import import_string

from ..documents.responses import XLSX_CONTENT_TYPE
from ..documents.xlsx import write_rows
from .importer import ImportRefused


def import_job(*, job, importer, path, name, rows, organisation=None, update=False):
    """Background commit of a checked file: progress while reading, then all rows or none.

    Returns a short XLSX protocol (what was written) for «Мои документы»; a file that no longer passes
    the checks (e.g. someone added the same e-mail meanwhile) fails the job with the row errors.
    """
    from schools.models import Organisation

    org = Organisation.objects.filter(pk=organisation).first() if organisation else None
    instance = import_string(importer)(job.user, organisation=org, update=update)
    job.set_progress(0, rows, "Проверка строк…")
    instance.progress = lambda done: job.set_progress(done, rows)
    try:
        try:
            with default_storage.open(path, "rb") as fh:
                upload = ContentFile(fh.read(), name=name)
        except FileNotFoundError:  # removed by expire_jobs: the job waited longer than its timeout
            raise ValueError("файл импорта уже удалён по сроку хранения; загрузите его ещё раз") from None
        upload.size = len(upload)
        result = instance.parse(upload)
        if not result.ok:
            raise ValueError(
                f"ничего не записано: {len(result.errors)} ошибок, первая — {result.errors[0]}"
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

