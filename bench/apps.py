from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Only for ``manage.py bench`` and ``manage.py loadtest``: no models, URLs or templates."""

    name = "bench"
    verbose_name = "Бенчмарк и нагрузочный тест"
