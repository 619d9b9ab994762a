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
    """Freeze the app's start-up objects (salsk_mentoring/worker.py says why)."""
    from salsk_mentoring import worker as portal_worker

    portal_worker.start()


def post_request(worker, req, environ, resp):
    """After the response has been written: the full garbage collection, once it is half due, so that it does
    not land inside a user's request (salsk_mentoring/worker.py)."""
    from salsk_mentoring import worker as portal_worker

    portal_worker.finish_request()
