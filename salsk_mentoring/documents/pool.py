"""The print pool: the parts of a document missing from the cache laid out at once by several processes.

Order 866 with a 1,000-entry bank is ~4.2 s of processor time (HTML 0.4 s, Appendix 2's 40 × 15 table 0.85 s,
the bank by ReportLab 0.7 s, …): on two free cores it prints cold in 2.2–2.8 s instead of 4.1–4.3 s one part
after another. One WeasyPrint document for all parts was measured too: it saves only the fixed cost per document
(~0.1 s with HarfBuzz subsetting, ~0.7 s with fontTools'), not the layout, and would lose the per-part cache.

The workers are forked from multiprocessing's fork server — a clean single-threaded process that imported
:mod:`.typesetter` (Django set up, WeasyPrint and the fonts loaded) — never from the calling process, whose other
threads (gunicorn's) may hold a Pango or fontconfig lock at the moment of a fork. A worker gets HTML and returns
the PDF; it never touches the database.
"""

import contextlib
import logging
import sys
import threading
import time

logger = logging.getLogger(__name__)

# Processor time spent by pool workers on this process's documents (the bench adds it to its own).
pool_cpu_seconds = 0.0


def warm_up():
    """Load WeasyPrint and ReportLab and read the print fonts once (the pool's fork server does it at start)."""
    from django.template.loader import render_to_string
    from reportlab import platypus  # noqa: F401

    from . import longtable, pdf

    longtable._register_fonts()
    pdf.html_to_pdf(render_to_string("print/base.html", {"title": "—"}))


def start_fork_server():
    """The multiprocessing context of the print pool, its fork server started (once per process; it prepares
    itself in the background, so a document starts it before building its HTML)."""
    import multiprocessing
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["salsk_mentoring.documents.typesetter"])
    forkserver.ensure_running()
    return context


def get_ready(workers: int):
    """Start the fork server when documents are laid out in parallel (it gets ready while the caller builds its
    HTML); without one the parts are laid out one after another."""
    if workers > 1:
        try:
            start_fork_server()
        except Exception:
            logger.warning("Print fork server not started", exc_info=True)


def _start_worker():
    import django
    from django.apps import apps

    if not apps.ready:  # the fork server's preload (the typesetter) could not set Django up
        django.setup()


_hiding_main = threading.Lock()


@contextlib.contextmanager
def _main_script_hidden():
    """While the workers start: multiprocessing would run this process's main script again in each of them
    (as ``__mp_main__``), and a script without ``if __name__ == "__main__":`` — a profiling one-off — would run
    there in full, database and all. A worker needs nothing from it. (One thread at a time: gunicorn's.)"""
    with _hiding_main:
        main = sys.modules["__main__"]
        saved = {name: main.__dict__[name] for name in ("__spec__", "__file__") if name in main.__dict__}
        main.__spec__ = None
        main.__dict__.pop("__file__", None)
        try:
            yield
        finally:
            main.__dict__.update(saved)


def _lay_out_timed(lay_out, html: str) -> tuple[bytes, float]:
    started = time.process_time()
    pdf = lay_out(html)
    return pdf, time.process_time() - started


def lay_out_in_pool(htmls: dict[str, str], workers: int, lay_out, progress=None) -> dict[str, bytes] | None:
    """``{key: html}`` laid out by ``lay_out`` (a module-level function) in ``workers`` processes at once; None
    when the pool fails (the caller then lays the parts out itself, and meets any genuine error of a part there).

    The longest HTML goes first, so the 1,000-row bank and the wide tables do not end up last on one worker.
    Same HTML, same bytes: the result is the serial one (tests/orders/test_printing_pool.py). ``progress(done)``
    after each part."""
    global pool_cpu_seconds
    from concurrent.futures import ProcessPoolExecutor, as_completed

    longest_first = sorted(htmls, key=lambda key: -len(htmls[key]))
    try:
        context = start_fork_server()
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker) as executor:
            with _main_script_hidden():  # the workers start in the first submits
                futures = {key: executor.submit(_lay_out_timed, lay_out, htmls[key]) for key in longest_first}
            for done, _ in enumerate(as_completed(futures.values()), start=1):
                if progress is not None:
                    progress(done)
            results = {key: futures[key].result() for key in htmls}
    except Exception:  # no fork server on this platform, no processes left, a worker killed, a part failed
        logger.warning("Print part pool failed: the parts are laid out one after another", exc_info=True)
        return None
    pool_cpu_seconds += sum(cpu for _, cpu in results.values())
    return {key: pdf for key, (pdf, _) in results.items()}
