from django.apps import AppConfig


class IomConfig(AppConfig):
    name = "iom"
    verbose_name = "Индивидуальные образовательные маршруты"

    def ready(self):
        # Register with the core (salsk_mentoring): menu entries, dashboard widgets, demo generator, lookups, the
        # organisation card's links (hub), «Мои задачи» (inbox), «Новый учебный год» (rollover); workflows: the
        # transition table registers its permissions.
        from . import dashboard, demo, hub, inbox, lookups, menu, reports, rollover, workflows  # noqa: F401
