from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг"

    def ready(self):
        from . import hub  # noqa: F401  (the organisation card's links: salsk_mentoring.hub)
