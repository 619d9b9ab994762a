"""``manage.py restore FILE.zip``: replace all portal data and uploaded files with a ``backup`` archive.

All or nothing for the database: the rows are loaded in one transaction and compared with the archive's
fingerprint (rows and a checksum per table) before it commits. Then the files: those of the archive are
written, files the archive does not have are removed, and every file is checked against its checksum.
"""

import json
import tempfile
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import BaseCommand, CommandError, call_command
from django.db import connection, transaction
from django.test.utils import override_settings

from salsk_mentoring.fingerprint import database_fingerprint, differences, media_fingerprint
from salsk_mentoring.uploads import stored_files


class Command(BaseCommand):
    help = "Восстановить данные портала из архива, созданного командой backup (текущие данные заменяются)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Не спрашивать подтверждения.")

    def handle(self, *args, file, yes=False, **options):
        if not zipfile.is_zipfile(file):
            raise CommandError(f"{file}: это не архив резервной копии портала.")
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "data.json" not in names:
                raise CommandError(f"{file}: в архиве нет data.json — это не резервная копия портала.")
            manifest = json.loads(archive.read("manifest.json")) if "manifest.json" in names else None
            if not yes:
                answer = input("Все текущие данные портала будут заменены. Продолжить? [да/нет] ")
                if answer.strip().lower() not in {"да", "yes", "y"}:
                    raise CommandError("Отменено.")
            with tempfile.TemporaryDirectory() as tmp:
                fixture = Path(tmp) / "data.json"
                fixture.write_bytes(archive.read("data.json"))
                with transaction.atomic():
                    self.load(fixture)
                    if manifest is not None:
                        tables = {key: tuple(value) for key, value in manifest["tables"].items()}
                        wrong = differences(tables, database_fingerprint())
                        if wrong:  # raised inside the transaction: the database stays as it was
                            raise CommandError(
                                "Восстановленные данные не совпадают с копией, ничего не изменено: "
                                + "; ".join(wrong[:10])
                            )
            files = {n[len("media/"):]: n for n in names if n.startswith("media/") and not n.endswith("/")}
            for name in list(stored_files(default_storage)):
                if name not in files:
                    default_storage.delete(name)
            for target, name in files.items():
                if default_storage.exists(target):
                    default_storage.delete(target)
                saved = default_storage.save(target, ContentFile(archive.read(name)))
                if saved != target:
                    raise CommandError(f"Файл {target} записан под другим именем: {saved}.")
        summary = f"Данные восстановлены из {file}; файлов: {len(files)}."
        if manifest is not None:
            wrong = differences(manifest["files"], media_fingerprint())
            if wrong:
                raise CommandError("Файлы не совпадают с копией: " + "; ".join(wrong[:10]))
            rows = sum(count for count, _ in manifest["tables"].values())
            summary += f" Проверено по копии: таблиц {len(manifest['tables'])}, строк {rows}, файлов {len(files)}."
        self.stdout.write(self.style.SUCCESS(summary))

    def load(self, fixture):
        empty_database()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # The archive carries the history itself; loading must not add history of its own
        # (simple-history records many-to-many changes even on raw loads).
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(fixture), verbosity=0)


def empty_database():
    """Every table emptied (``flush``), also inside a transaction that has written rows."""
    if connection.vendor == "postgresql":
        # Deferred foreign-key checks of this transaction must run before TRUNCATE.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
