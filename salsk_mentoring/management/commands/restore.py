"""``manage.py restore FILE.zip``: replace all portal data with a ``backup`` archive (all or nothing)."""

import tempfile
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import BaseCommand, CommandError, call_command
from django.db import connection, transaction
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Восстановить данные портала из архива, созданного командой backup (текущие данные заменяются)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Не спрашивать подтверждения.")

    def handle(self, *args, file, yes=False, **options):
        if not zipfile.is_zipfile(file):
            raise CommandError(f"{file}: это не архив резервной копии портала.")
        with zipfile.ZipFile(file) as archive:
            if "data.json" not in archive.namelist():
                raise CommandError(f"{file}: в архиве нет data.json — это не резервная копия портала.")
            if not yes:
                answer = input("Все текущие данные портала будут заменены. Продолжить? [да/нет] ")
                if answer.strip().lower() not in {"да", "yes", "y"}:
                    raise CommandError("Отменено.")
            with tempfile.TemporaryDirectory() as tmp:
                fixture = Path(tmp) / "data.json"
                fixture.write_bytes(archive.read("data.json"))
                with transaction.atomic():
                    if connection.vendor == "postgresql":
                        # Deferred foreign-key checks of this transaction must run before TRUNCATE.
                        with connection.cursor() as cursor:
                            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    call_command("flush", interactive=False, verbosity=0)
                    if connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                    # The archive carries the history itself; loading must not add history of its own
                    # (simple-history records many-to-many changes even on raw loads).
                    with override_settings(SIMPLE_HISTORY_ENABLED=False):
                        call_command("loaddata", str(fixture), verbosity=0)
            files = [n for n in archive.namelist() if n.startswith("media/") and not n.endswith("/")]
            for name in files:
                target = name[len("media/"):]
                if default_storage.exists(target):
                    default_storage.delete(target)
                default_storage.save(target, ContentFile(archive.read(name)))
        self.stdout.write(self.style.SUCCESS(f"Данные восстановлены из {file}; файлов: {len(files)}."))
