from django.apps import AppConfig


class MentorsConfig(AppConfig):
    name = "mentors"
    verbose_name = "Педагоги и наставничество"

    def ready(self):
        # Register with the core (salsk_mentoring): menu entries, dashboard widgets, demo generator, lookups, the
        # organisation card's links (hub), «Мои задачи» (inbox), «Новый учебный год» (rollover); workflows: the
        # transition tables register their permissions.
        from . import dashboard, demo, hub, inbox, lookups, menu, reports, rollover, signals, workflows  # noqa: F401
