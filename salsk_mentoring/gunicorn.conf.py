"""gunicorn settings for the portal: ``gunicorn -c salsk_mentoring/gunicorn.conf.py salsk_mentoring.wsgi``.

Everything can be overridden with GUNICORN_* variables or on the command line.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))  # big PDFs go to the task queue, not the request
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
# No query strings or cookies in the access log: they may carry personal data.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Move everything the app created while starting (Django, templates, URL patterns) to the permanent
    generation: a full garbage collection then walks only what requests create (55–60 ms → a few ms on
    the region bench), so it no longer lands on some unlucky request's time."""
    import gc

    from django.conf import settings

    if getattr(settings, "ORDERS_PRINT_WORKERS", 1) > 1:
        # The print pool's fork server loads WeasyPrint and the fonts (≈1.5 s) now, not in a user's first pack.
        try:
            from orders.printing import start_fork_server

            start_fork_server()
        except Exception:  # noqa: BLE001 — packs then start it themselves (or lay out one part after another)
            worker.log.warning("Print fork server not started at worker start", exc_info=True)
    gc.collect()
    gc.freeze()
