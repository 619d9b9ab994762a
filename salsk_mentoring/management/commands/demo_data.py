from importlib import import_module

from django.core.management import BaseCommand, CommandError
from django.db import transaction

from salsk_mentoring.demo import DemoContext
from salsk_mentoring.navigation import PORTAL_APPS


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
        from schools.models import Municipality, User

        if not Municipality.objects.exists():
            raise CommandError("Сначала загрузите реальные данные: python manage.py load_real_data")
        if User.objects.filter(username="methodist").exists():
            self.stdout.write("Демо-данные уже созданы, пропускаю.")
            return
        ctx = DemoContext(scale=scale, seed=seed, stdout=self.stdout)
        with transaction.atomic():
            for app in PORTAL_APPS:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError:
                    continue
                module.generate(ctx)
        self.stdout.write(self.style.SUCCESS(
            "Демо-данные созданы. Входы: methodist, school_a, school_b, official; пароль salsk-demo."
        ))
