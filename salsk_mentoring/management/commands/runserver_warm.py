"""``runserver`` with the print engines loaded before it serves (``make run`` starts it through ``devserver``).

A small printed document (an IOM print form, Appendix 4, a plan) is laid out in the request. Without this the
first one after every start or reload of the development server paid WeasyPrint's start — its import and the
fonts: 2.9 s for a 4-page IOM form on the acceptance walk of issue 16, against the issue's 1 s. gunicorn
workers do the same at start (salsk_mentoring/worker.py)."""

from django.core.management import get_commands, load_command_class


def _runserver_class():
    """The ``runserver`` this project would run (whitenoise's, over staticfiles' and Django's own)."""
    return type(load_command_class(get_commands()["runserver"], "runserver"))


class Command(_runserver_class()):
    help = "Сервер разработки, заранее загрузивший движки печати (make run)."

    def inner_run(self, *args, **options):
        from salsk_mentoring.documents.pool import warm_up

        warm_up()  # in the process that serves (under the autoreloader, its child)
        super().inner_run(*args, **options)
