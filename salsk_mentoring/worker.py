"""What a long-running web worker does at start and after every request (gunicorn's hooks; the bench does the same).

Garbage collection is the point. Django's requests leave reference cycles behind: django-tables2 tables and their
bound rows and columns, model instances joined by ``prefetch_related`` (the parent caches its children, every
child caches its parent). Everything these hold — a plan list's 1,000 status lines, for example — is freed only by
a full collection. CPython runs one after every tenth collection of the middle generation, that is every dozen
requests or so, inside whichever request happens to allocate at that moment; it walks the garbage of all those
requests at once (the figures: docs/performance.md). So:

* at start, :func:`start` freezes what loading the app created (Django, URL patterns, templates): no collection
  walks it again;
* after a response has been sent (gunicorn calls ``post_request`` once it is written), :func:`finish_request`
  runs the full collection once it is half due. Full collections then run about twice as often as CPython's own
  schedule would run them, each walking half as much garbage, and they land between requests, where no user
  waits. A request would have to allocate as much as five ordinary pages to start one itself.
"""

import gc
import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def start():
    """Start the print pool if there is one, then freeze everything created so far."""
    if getattr(settings, "PRINT_WORKERS", 1) > 1:
        # The print pool's fork server loads WeasyPrint and the fonts now, not in a user's first pack.
        try:
            from salsk_mentoring.documents.pool import start_fork_server

            start_fork_server()
        except Exception:  # noqa: BLE001 — packs then start it themselves (or lay out one part after another)
            logger.warning("Print fork server not started at worker start", exc_info=True)
    freeze_startup_objects()


def freeze_startup_objects():
    gc.collect()
    gc.freeze()


def finish_request():
    """Run the full collection now if the collector would run it within the next few requests anyway."""
    if gc.get_count()[2] >= gc.get_threshold()[2] // 2:
        gc.collect()
