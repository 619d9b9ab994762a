from django.apps import AppConfig


class IomConfig(AppConfig):
    name = "iom"
    verbose_name = "Индивидуальные образовательные маршруты"

    def ready(self):
        from . import (
            hub,  # noqa: F401  (the organisation card's links: salsk_mentoring.hub)
            inbox,  # noqa: F401  («Мои задачи»: salsk_mentoring.inbox)
            workflows,  # noqa: F401 — the transition table registers the workflow's permissions
        )
