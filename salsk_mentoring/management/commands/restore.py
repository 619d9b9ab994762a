"""``manage.py restore FILE.zip``: replace all portal data with a ``backup`` archive (all or nothing)."""

import tempfile
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction


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
            if not yes and input("Все текущие данные портала будут заменены. Продолжить? [да/нет] ").strip().lower() not in {"да", "yes", "y"}:
                raise CommandError("Отменено.")
            with tempfile.TemporaryDirectory() as tmp:
                fixture = Path(tmp) / "data.json"
                fixture.write_bytes(archive.read("data.json"))
                with transaction.atomic():
                    call_command("flush", interactive=False, verbosity=0)
                    call_command("loaddata", str(fixture), verbosity=0)
            files = [n for n in archive.namelist() if n.startswith("media/") and not n.endswith("/")]
            for name in files:
                target = name[len("media/"):]
                if default_storage.exists(target):
                    default_storage.delete(target)
                default_storage.save(target, ContentFile(archive.read(name)))
        self.stdout.write(self.style.SUCCESS(f"Данные восстановлены из {file}; файлов: {len(files)}."))
