"""``manage.py backup FILE.zip``: the portal's data (JSON, history included) and uploaded files in one archive.

Restore with ``manage.py restore FILE.zip``. Works the same on SQLite and
PostgreSQL; for a large PostgreSQL database ``pg_dump`` is the faster tool
(see README «Резервное копирование»).
"""

import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import BaseCommand, call_command

EXCLUDE = [
    "contenttypes", "auth.permission", "sessions", "admin.logentry", "axes", "django_tasks_database",
]


def iter_media(storage, path=""):
    try:
        directories, files = storage.listdir(path)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from iter_media(storage, f"{path}/{directory}" if path else directory)


class Command(BaseCommand):
    help = "Резервная копия данных портала и загруженных файлов в один ZIP-архив."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Куда сохранить архив, например backup-2026-11-28.zip")

    def handle(self, *args, file, **options):
        data = io.StringIO()
        call_command("dumpdata", exclude=EXCLUDE, indent=None, stdout=data, use_natural_foreign_keys=False)
        count = 0
        with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("data.json", data.getvalue())
            for name in iter_media(default_storage):
                with default_storage.open(name, "rb") as fh:
                    archive.writestr(f"media/{name}", fh.read())
                count += 1
        size = Path(file).stat().st_size / 1024 / 1024
        self.stdout.write(self.style.SUCCESS(f"Резервная копия: {file} ({size:.1f} МБ, файлов: {count})."))
        self.stdout.write(f"База данных: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
