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


def start():
    """Load the print engines, then freeze everything created so far. A small printed document (an IOM print
    form, Appendix 4) is laid out in the request: without this the first one of every worker paid WeasyPrint's
    start — its import and the fonts, 5 s of a loaded machine's 6.3 s for a 12-row IOM. (No print pool here: a
    web request never lays a document out in it — cold packs are background jobs, and the task worker starts the
    pool with its first pack.)"""
    from .documents.pool import warm_up

    warm_up()
    freeze_startup_objects()


def freeze_startup_objects():
    gc.collect()
    gc.freeze()


def finish_request():
    """Run the full collection now if the collector would run it within the next few requests anyway."""
    if gc.get_count()[2] >= gc.get_threshold()[2] // 2:
        gc.collect()
