from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг"

    def ready(self):
        # Register with the core (salsk_mentoring): menu entries, dashboard widgets, demo generator, the
        # organisation card's links (hub), «Мои задачи» (inbox), «Новый учебный год» (rollover); workflows: the
        # submission's transition table registers its permissions.
        from . import dashboard, demo, hub, inbox, menu, reports, rollover, workflows  # noqa: F401
