from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг"

    def ready(self):
        from . import hub, inbox  # noqa: F401  (the organisation card's links, «Мои задачи»)
