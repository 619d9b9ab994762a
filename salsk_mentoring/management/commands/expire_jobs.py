"""``manage.py expire_jobs``: fail the background jobs whose worker died, remove their files and old results.

Run it every few minutes beside the worker (cron or a systemd timer: docs/operations.md).
"""

from django.conf import settings
from django.core.management import BaseCommand

from salsk_mentoring.jobs import expire_jobs


class Command(BaseCommand):
    help = (
        "Отметить ошибкой фоновые задачи, не завершившиеся за PORTAL_JOB_TIMEOUT_MINUTES, удалить их файлы "
        "и результаты старше PORTAL_JOB_RESULT_DAYS дней."
    )

    def handle(self, *args, **options):
        done = expire_jobs()
        self.stdout.write(
            f"Прервано задач (дольше {settings.JOB_TIMEOUT_MINUTES} мин.): {done.jobs}; "
            f"удалено файлов импорта: {done.import_files}; "
            f"удалено результатов (старше {settings.JOB_RESULT_DAYS} дн.): {done.results}."
        )
