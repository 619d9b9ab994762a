from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Организации и пользователи"

    def ready(self):
        # Register with the core (salsk_mentoring): menu entries, demo generator, autocomplete lookups, the
        # organisation card's link to its users (hub), «Новый учебный год» (rollover).
        from . import demo, hub, lookups, menu, reports, rollover  # noqa: F401
