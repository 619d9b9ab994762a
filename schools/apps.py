from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Организации и пользователи"

    def ready(self):
        from . import hub  # noqa: F401  (the organisation card's link to its users)
