"""Load the real data of Order No. 866 (``fixtures/NNN_<name>.json``, in name order).

A fixture is loaded once: it is skipped when the model of its first record
already has rows, so a second ``make run`` neither duplicates nor overwrites
what methodists have edited since. ``--force`` reloads (overwriting by pk).
"""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.db import transaction
from django.dispatch import Signal

from salsk_mentoring.search import refresh_all

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

#: Sent inside the loading transaction once every fixture is in; receivers return lines for the command's log.
real_data_loaded = Signal()


def real_data_fixtures() -> list[Path]:
    return sorted(FIXTURES_DIR.glob("[0-9][0-9][0-9]_*.json"))


class Command(BaseCommand):
    help = "Загрузить реальные данные приказа № 866 от 15.11.2021 (организации, сокращения, план, приказ)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Загрузить заново, перезаписав записи с теми же pk.")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        for path in real_data_fixtures():
            records = json.loads(path.read_text(encoding="utf-8"))
            if not records:
                continue
            model = apps.get_model(records[0]["model"])
            if not force and model._default_manager.exists():
                self.stdout.write(f"{path.name}: уже загружено, пропускаю.")
                continue
            call_command("loaddata", str(path), verbosity=0)
            for loaded in {apps.get_model(record["model"]) for record in records}:
                refresh_all(loaded)  # loaddata saves raw: the search columns are computed here
            self.stdout.write(self.style.SUCCESS(f"{path.name}: загружено записей — {len(records)}."))
        # What the apps do with the loaded data (orders: a signed order loaded as data, Order 866, is frozen and
        # prints from its snapshot from now on); each receiver returns lines for the log.
        for _, lines in real_data_loaded.send(sender=self.__class__):
            for line in lines or ():
                self.stdout.write(line)
