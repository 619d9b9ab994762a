from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг"

    def ready(self):
        # the organisation card's links, «Мои задачи», the submission's transition table (its permissions)
        from . import hub, inbox, workflows  # noqa: F401
