"""Imported once by the print pool's fork server (:func:`.pool.lay_out_in_pool`): Django set up, WeasyPrint and
ReportLab loaded and the print fonts read, so that every worker forked from it lays its first part out at full
speed. The fork server is a fresh single-threaded process: no lock held by another thread is copied into a
worker."""

import logging


def prepare():
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from salsk_mentoring.documents import pool

    pool.warm_up()


try:
    prepare()
except Exception:  # the fork server must start anyway: each worker then sets Django up itself (or fails loudly)
    logging.getLogger(__name__).warning("Print fork server not prepared", exc_info=True)
