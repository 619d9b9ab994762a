from django.apps import AppConfig


class IomConfig(AppConfig):
    name = "iom"
    verbose_name = "Индивидуальные образовательные маршруты"
