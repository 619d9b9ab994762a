from django.apps import AppConfig


class MentorsConfig(AppConfig):
    name = "mentors"
    verbose_name = "Педагоги и наставничество"

    def ready(self):
        from . import hub, signals  # noqa: F401  (hub: the organisation card's links)
