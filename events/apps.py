from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "План мероприятий и приказы"

    def ready(self):
        from . import hub, inbox  # noqa: F401  (the organisation card's links, «Мои задачи»)
