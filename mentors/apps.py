from django.apps import AppConfig


class MentorsConfig(AppConfig):
    name = "mentors"
    verbose_name = "Педагоги и наставничество"

    def ready(self):
        from . import signals  # noqa: F401
