from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "План мероприятий и приказы"

    def ready(self):
        # Register with the core (salsk_mentoring): menu entries, dashboard widgets, demo generator, the
        # organisation card's links (hub), «Мои задачи» (inbox), «Новый учебный год» (rollover).
        from . import dashboard, demo, hub, inbox, menu, reports, rollover  # noqa: F401
