"""Long work off the request: imports of thousands of rows, big PDFs, reminders.

``start_job(user=..., title=..., function="app.module.func", **kwargs)`` records a
:class:`~salsk_mentoring.models.Job` and enqueues :func:`run_job` with the
django-tasks backend (``settings.TASKS``): immediately in development and tests,
in the database queue on a server (``TASKS_BACKEND=database`` + ``manage.py
db_worker``). ``func(job=job, **kwargs)`` returns ``(content, filename,
content_type)`` and may report progress with ``job.set_progress(done, total)``.
The user follows the job at ``/jobs/<id>/`` and downloads the result there.

:func:`expire_jobs` (``manage.py expire_jobs``, run periodically — docs/operations.md) fails the jobs whose
worker died, removes the import files nobody will read and the results past their keeping time.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .models import Job
from .uploads import stored_files

logger = logging.getLogger(__name__)


@task()
def run_job(job_id: str, function: str, kwargs: dict):
    jobs = Job.objects.unscoped(reason="the task worker runs the job it was given")
    job = jobs.get(pk=job_id)
    jobs.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    try:
        content, filename, content_type = import_string(function)(job=job, **kwargs)
    except Exception as exc:  # the user gets a message, the log the details
        logger.exception("Фоновая задача %s (%s) завершилась ошибкой", job.pk, function)
        job.status = Job.Status.FAILED
        job.message = f"Не удалось выполнить: {exc}" if isinstance(exc, ValueError) else (
            "Не удалось выполнить задачу. Попробуйте ещё раз или обратитесь к методисту МБУ ИМЦ."
        )
    else:
        job.refresh_from_db(fields=["progress", "total", "message"])
        job.result.save(filename, ContentFile(content), save=False)
        job.result_name = filename
        job.content_type = content_type
        job.status = Job.Status.DONE
    job.finished = timezone.now()
    job.save()


def start_job(*, user, title: str, function: str, **kwargs) -> Job:
    job = Job.objects.create(user=user, title=title)
    run_job.enqueue(str(job.pk), function, kwargs)
    job.refresh_from_db()
    return job


#: Where an import keeps a checked file between the preview and the commit (salsk_mentoring.imports.views).
IMPORT_FILES = "imports"
#: Where job results are stored (``Job.result``).
RESULT_FILES = "jobs"


@dataclass
class Expired:
    jobs: int = 0
    import_files: int = 0
    results: int = 0


def expire_jobs(*, now=None, storage=None) -> Expired:
    """Fail stale jobs, remove abandoned import files and expired results (``manage.py expire_jobs``).

    * a job still «В очереди»/«Выполняется» ``JOB_TIMEOUT_MINUTES`` after it was started: its worker died
      (killed, restarted, out of memory) — it is marked failed with a Russian message; imports write all rows
      or none, so nothing is half-written;
    * a file in ``media/imports/`` older than the timeout: the preview was abandoned or the job died;
    * a finished job older than ``JOB_RESULT_DAYS`` is deleted, its document with it (after commit, as every
      deleted record's file: django-cleanup), and so is a stored result whose job is gone.
    """
    from .models import Job

    now = now or timezone.now()
    storage = storage or default_storage
    stale_before = now - timedelta(minutes=settings.JOB_TIMEOUT_MINUTES)
    done = Expired()
    done.jobs = Job.objects.filter(
        status__in=(Job.Status.QUEUED, Job.Status.RUNNING), created__lt=stale_before
    ).update(  # one conditional UPDATE: a worker that finishes meanwhile keeps its «Готово»
        status=Job.Status.FAILED,
        finished=now,
        message=(
            f"Задача прервана: она не завершилась за {settings.JOB_TIMEOUT_MINUTES} мин. (сбой или перезапуск "
            "сервера). Ничего не записано — запустите её ещё раз."
        ),
    )
    for name in list(stored_files(storage, IMPORT_FILES)):
        if storage.get_modified_time(name) < stale_before:
            storage.delete(name)
            done.import_files += 1
    expired = Job.objects.filter(finished__lt=now - timedelta(days=settings.JOB_RESULT_DAYS))
    going = set(expired.exclude(result="").values_list("result", flat=True))
    done.results = len(going)
    expired.delete()  # their documents leave the storage after commit (django-cleanup)
    kept = going | set(Job.objects.exclude(result="").values_list("result", flat=True))
    for name in list(stored_files(storage, RESULT_FILES)):
        if name not in kept and storage.get_modified_time(name) < stale_before:
            storage.delete(name)
            done.results += 1
    return done
