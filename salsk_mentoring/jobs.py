"""Long work off the request: imports of thousands of rows, big PDFs, reminders.

``start_job(user=..., title=..., function="app.module.func", **kwargs)`` records a
:class:`~salsk_mentoring.models.Job` and enqueues :func:`run_job` with the
django-tasks backend (``settings.TASKS``): immediately in development and tests,
in the database queue on a server (``TASKS_BACKEND=database`` + ``manage.py
db_worker``). ``func(job=job, **kwargs)`` returns ``(content, filename,
content_type)`` and may report progress with ``job.set_progress(done, total)``.
The user follows the job at ``/jobs/<id>/`` and downloads the result there; the page's script
(static/js/jobs.js) follows ``/jobs/<id>/status/`` (:func:`job_state`) without reloading.

``user=None`` makes a **public job**: work on public data only (the public mentor bank's XLSX for a visitor
without an account), owned by nobody. Identical public requests share it whoever makes them, and each visitor's
session is let in with :func:`let_session_open` — the job page and its document open only for the sessions that
asked for it (:func:`jobs_for`); any other session or user gets a 404. Its document is kept as long as such a
session lives (``SESSION_COOKIE_AGE``), not ``JOB_RESULT_DAYS``. (A finished public document is not served to the
next visitor even when the bank seems unchanged: a consent that expires today or a renamed organisation changes
it with no row of the bank touched, and a withdrawn consent must hide a card at once — docs/performance.md.)

The same document asked for again while its job is still queued or running is that job: ``start_job`` answers
with it instead of starting another (:func:`job_fingerprint` — the function and its arguments, i.e. the view or
path, the query normalised by :func:`job_query` and the active organisation; per user, or among public jobs).
Partial unique indexes (one queued/running job per user and fingerprint, one public per fingerprint) make it hold
for simultaneous requests too, on SQLite and PostgreSQL. A finished or failed job is never reused: asking again
makes a new document from today's data.

:func:`expire_jobs` (``manage.py expire_jobs``, run periodically — docs/operations.md) fails the jobs whose
worker died, removes the import files nobody will read and the results past their keeping time.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django_tasks import task

from .models import Job
from .uploads import shorten_filename, stored_files

logger = logging.getLogger(__name__)


@task()
def run_job(job_id: str, function: str, kwargs: dict):
    jobs = Job.objects.unscoped(reason="the task worker runs the job it was given")
    job = jobs.get(pk=job_id)
    jobs.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    try:
        content, filename, content_type = import_string(function)(job=job, **kwargs)
        job.refresh_from_db(fields=["progress", "total", "message"])
        # Storing the file is part of the job: if it fails, the job fails with a message (not «running» forever).
        job.result.save(filename, ContentFile(content), save=False)
        job.result_name = shorten_filename(filename, Job._meta.get_field("result_name").max_length)
        job.content_type = content_type
        job.status = Job.Status.DONE
    except Exception as exc:  # the user gets a message, the log the details
        logger.exception("Фоновая задача %s (%s) завершилась ошибкой", job.pk, function)
        job.status = Job.Status.FAILED
        job.message = f"Не удалось выполнить: {exc}" if isinstance(exc, ValueError) else (
            "Не удалось выполнить задачу. Попробуйте ещё раз или обратитесь к методисту МБУ ИМЦ."
        )
    job.finished = timezone.now()
    job.save()


#: A job in these states is still making its document: the same request gets it instead of a new one.
ACTIVE = (Job.Status.QUEUED, Job.Status.RUNNING)


def start_job(
    *, user, title: str, function: str, reuse: bool = True, back_url: str = "", back_label: str = "", **kwargs
) -> Job:
    """Record a job for ``user`` and enqueue ``function(job=job, **kwargs)``; the caller answers with its page.

    ``user=None``: a public job (see the module's docstring) — only for a function of public data; the caller
    lets the visitor's session in (:func:`let_session_open`). :class:`PublicJobsBusy` when ``PUBLIC_JOBS_ACTIVE``
    public jobs are already on their way (joining one of them is always possible).
    ``reuse``: the job of the same user (or the public one), function and arguments still queued or running is
    returned instead of a new one (a burst of clicks on one export makes one document). ``reuse=False`` for work
    that is not a pure function of its arguments and the data (an import of an uploaded file).
    ``back_url``, ``back_label``: the page the job was asked from, a link on the job's page for whoever opens it
    (:func:`back_to`); not part of the fingerprint — a job joined by another request keeps the first one's."""
    fingerprint = job_fingerprint(function, kwargs) if reuse else ""
    if fingerprint:
        if existing := active_job(user, function, kwargs):
            return existing
        # one stuck past the timeout (its worker died) is failed now, as expire_jobs would, and replaced
        owned_by(user).filter(fingerprint=fingerprint, status__in=ACTIVE, created__lt=stale_before()).update(
            status=Job.Status.FAILED, finished=timezone.now(), message=stale_message()
        )
    if user is None and owned_by(None).filter(status__in=ACTIVE, created__gte=stale_before()).count() >= (
        settings.PUBLIC_JOBS_ACTIVE
    ):
        raise PublicJobsBusy
    try:
        with transaction.atomic():  # a savepoint: the request's own transaction survives the refusal below
            job = Job.objects.create(
                user=user, title=title, fingerprint=fingerprint, back_url=back_url, back_label=back_label
            )
    except IntegrityError:  # the same request of the same owner, a moment earlier: its job won the unique index
        existing = owned_by(user).filter(fingerprint=fingerprint, status__in=ACTIVE).first()
        if existing is None:
            raise
        return existing
    run_job.enqueue(str(job.pk), function, kwargs)
    job.refresh_from_db()
    return job


def active_job(user, function: str, kwargs: dict) -> Job | None:
    """The user's (``None``: the public) job of ``function(**kwargs)`` still queued or running, if any — one read,
    no write (a view may ask before it counts rows). One older than ``JOB_TIMEOUT_MINUTES`` lost its worker: not
    returned."""
    active = owned_by(user).filter(fingerprint=job_fingerprint(function, kwargs), status__in=ACTIVE)
    return active.filter(created__gte=stale_before()).first()


def job_when_big(user, function: str, arguments: dict, *, rows, limit: int, title: str, **start) -> Job | None:
    """The job of a document too big for the request, or ``None`` when the request can make it: the same document
    of ``user`` (``None``: the public one) already queued or running — found before anything is counted, so a
    burst of clicks costs one read each — else a new job when ``rows()`` is above ``limit``. ``title`` and
    ``start`` (``back_url``, ``back_label``) go to :func:`start_job`. The one rule of every export and printed
    document (registry lists, printed forms and reports, the public bank)."""
    if job := active_job(user, function, arguments):
        return job
    if rows() > limit:
        return start_job(user=user, title=title, function=function, **start, **arguments)
    return None


class PublicJobsBusy(Exception):
    """Visitors' jobs already fill their share of the queue (``settings.PUBLIC_JOBS_ACTIVE``): try in a minute."""


def owned_by(user):
    """The jobs of ``user`` (``Job.objects.for_user``); ``None``: the public jobs, which belong to nobody."""
    if user is None:
        return Job.objects.unscoped(reason="public jobs: public data, shared by identical requests").filter(user=None)
    return Job.objects.for_user(user)


#: The session's list of the public jobs it asked for (their ids, the newest last, at most SESSION_JOBS_KEPT).
SESSION_JOBS = "public_jobs"
SESSION_JOBS_KEPT = 20


def let_session_open(request, job: Job) -> None:
    """Let the browser of ``request`` open the public ``job`` and its document (a user's own job needs nothing)."""
    if job.user_id is not None:
        return
    kept = [pk for pk in request.session.get(SESSION_JOBS, []) if pk != str(job.pk)]
    request.session[SESSION_JOBS] = [*kept, str(job.pk)][-SESSION_JOBS_KEPT:]


def jobs_for(request):
    """The jobs the browser of ``request`` may open: the signed-in user's own, and the public jobs its session
    asked for. Anything else — another user's job, a public job of another session, a guessed id — is not here."""
    own = Job.objects.for_user(request.user)
    asked = request.session.get(SESSION_JOBS)
    return (own | owned_by(None).filter(pk__in=asked)) if asked else own


def job_state(job: Job) -> dict:
    """What the job's page shows, for its script (``/jobs/<id>/status/``, static/js/jobs.js): the state and its
    Russian label, the progress of the current stage, the line under the state, and when done the document's
    address and name."""
    done = job.status == Job.Status.DONE
    return {
        "state": job.status,
        "label": job.get_status_display(),
        "progress": job.progress,
        "total": job.total,
        "percent": job.percent,
        "message": job.status_text,
        "finished": job.is_finished,
        "finished_at": date_format(timezone.localtime(job.finished), "d.m.Y H:i") if job.finished else None,
        "download_url": reverse("job_download", args=[job.pk]) if done else None,
        "result_name": job.result_name if done else None,
    }


def back_to(request, label: str) -> dict:
    """``start_job``'s link back to the page of ``request`` — its path and query without ``_export`` (an export is
    asked for from the list it exports: back to that list with the same filters) — as ``label``."""
    query = request.GET.copy()
    query.pop("_export", None)
    path = escape_uri_path(request.path)
    url = f"{path}?{query.urlencode()}" if query else path
    max_length = Job._meta.get_field("back_url").max_length
    return {"back_url": url if len(url) <= max_length else path, "back_label": label}


def stale_before():
    return timezone.now() - timedelta(minutes=settings.JOB_TIMEOUT_MINUTES)


def job_query(query: QueryDict) -> str:
    """A request's query as a job replays it: parameters sorted by name (each one's values keep their order), so
    that ``?a=1&b=2`` and ``?b=2&a=1`` are one document and one job."""
    return urlencode(sorted(query.lists()), doseq=True)


def job_fingerprint(function: str, kwargs: dict) -> str:
    """What makes two jobs of one user the same document: the function and its arguments (JSON, keys sorted)."""
    text = json.dumps([function, kwargs], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def stale_message() -> str:
    return (
        f"Задача прервана: она не завершилась за {settings.JOB_TIMEOUT_MINUTES} мин. (сбой или перезапуск "
        "сервера). Ничего не записано — запустите её ещё раз."
    )


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
      deleted record's file: django-cleanup), and so is a stored result whose job is gone; a public job goes
      ``SESSION_COOKIE_AGE`` after it finished (as long as a visitor's session lasts: its page says so).
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
        message=stale_message(),
    )
    for name in list(stored_files(storage, IMPORT_FILES)):
        if storage.get_modified_time(name) < stale_before:
            storage.delete(name)
            done.import_files += 1
    expired = Job.objects.filter(
        Q(finished__lt=now - timedelta(days=settings.JOB_RESULT_DAYS))
        | Q(user=None, finished__lt=now - timedelta(seconds=settings.SESSION_COOKIE_AGE))
    )
    going = set(expired.exclude(result="").values_list("result", flat=True))
    done.results = len(going)
    expired.delete()  # their documents leave the storage after commit (django-cleanup)
    kept = going | set(Job.objects.exclude(result="").values_list("result", flat=True))
    for name in list(stored_files(storage, RESULT_FILES)):
        if name not in kept and storage.get_modified_time(name) < stale_before:
            storage.delete(name)
            done.results += 1
    return done
