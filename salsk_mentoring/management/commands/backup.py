"""``manage.py backup FILE.zip``: the portal's data (JSON, history included) and uploaded files in one archive.

Restore with ``manage.py restore FILE.zip``: it checks the restored tables and files against the fingerprint
this archive carries (``manifest.json``: rows and a checksum per table, a checksum per file). Works the same on
SQLite and PostgreSQL; for a large PostgreSQL database ``pg_dump`` is the faster tool (docs/operations.md).
"""

import datetime
import json
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from salsk_mentoring.fingerprint import data_models, database_fingerprint, media_fingerprint
from salsk_mentoring.uploads import stored_files

FORMAT = 2


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Times with their microseconds (Django's encoder keeps milliseconds: a restore would not be identical)."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def write_data(stream):
    """Every data table as one JSON fixture for ``loaddata``, written model by model, rows in key order."""
    models = [m for m in data_models() if not m._meta.auto_created]  # m2m pairs travel with their rows
    ordered = serializers.sort_dependencies([(None, models)], allow_cycles=True)
    stream.write("[")
    first = True
    for model in ordered:
        queryset = model._base_manager.order_by(model._meta.pk.name)
        for start in range(0, queryset.count(), 2000):
            chunk = serializers.serialize("python", queryset[start : start + 2000], use_natural_foreign_keys=True)
            for obj in chunk:
                stream.write("" if first else ",\n")
                json.dump(obj, stream, cls=FullPrecisionEncoder, ensure_ascii=False)
                first = False
    stream.write("]\n")


class Command(BaseCommand):
    help = "Резервная копия данных портала и загруженных файлов в один ZIP-архив."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Куда сохранить архив, например backup-2026-11-28.zip")

    def handle(self, *args, file, **options):
        tables = database_fingerprint()
        files = media_fingerprint()
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data.json"
            with data.open("w", encoding="utf-8") as stream:
                write_data(stream)
            with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.write(data, "data.json")
                for name in stored_files(default_storage):
                    with default_storage.open(name, "rb") as fh:
                        archive.writestr(f"media/{name}", fh.read())
                manifest = {"format": FORMAT, "database": connection.vendor, "tables": tables, "files": files}
                archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        size = Path(file).stat().st_size / 1024 / 1024
        rows = sum(count for count, _ in tables.values())
        self.stdout.write(self.style.SUCCESS(
            f"Резервная копия: {file} ({size:.1f} МБ): таблиц {len(tables)}, строк {rows}, файлов {len(files)}."
        ))
        self.stdout.write(f"База данных: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
