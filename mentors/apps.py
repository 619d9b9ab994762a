from django.apps import AppConfig


class MentorsConfig(AppConfig):
    name = "mentors"
    verbose_name = "Педагоги и наставничество"

    def ready(self):
        # hub: the organisation card's links; workflows: the transition tables register their permissions.
        from . import hub, inbox, signals, workflows  # noqa: F401
