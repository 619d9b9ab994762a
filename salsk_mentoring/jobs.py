"""Long work off the request: imports of thousands of rows, big PDFs, reminders.

``start_job(user=..., title=..., function="app.module.func", **kwargs)`` records a
:class:`~salsk_mentoring.models.Job` and enqueues :func:`run_job` with the
django-tasks backend (``settings.TASKS``): immediately in development and tests,
in the database queue on a server (``TASKS_BACKEND=database`` + ``manage.py
db_worker``). ``func(job=job, **kwargs)`` returns ``(content, filename,
content_type)`` and may report progress with ``job.set_progress(done, total)``.
The user follows the job at ``/jobs/<id>/`` and downloads the result there.
"""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .models import Job

logger = logging.getLogger(__name__)


@task()
def run_job(job_id: str, function: str, kwargs: dict):
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
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
