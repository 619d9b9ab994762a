from django.contrib.auth import get_user_model
from django.core.management import BaseCommand
from django.db import transaction

from salsk_mentoring.demo import GENERATORS, DemoContext


class Command(BaseCommand):
    help = (
        "Создать демонстрационные данные: вымышленный район (≈40 организаций, ≈1500 педагогов) "
        "и демо-входы methodist, school_a, school_b, official (пароль salsk-demo). "
        "Повторный запуск ничего не дублирует."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["district", "region"], default="district",
                            help="region: ≈2000 организаций в 55 муниципалитетах, ≈60 000 педагогов (для бенчмарка).")
        parser.add_argument("--seed", type=int, default=866)

    def handle(self, *args, scale, seed, **options):
        # The generators check what they need (schools': the real district of load_real_data).
        if get_user_model().objects.filter(username="methodist").exists():
            self.stdout.write("Демо-данные уже созданы, пропускаю.")
            return
        ctx = DemoContext(scale=scale, seed=seed, stdout=self.stdout)
        with transaction.atomic():
            for generate in GENERATORS:
                generate(ctx)
        self.stdout.write(self.style.SUCCESS(
            "Демо-данные созданы. Входы: methodist, school_a, school_b, official; пароль salsk-demo."
        ))
