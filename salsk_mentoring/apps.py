from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "salsk_mentoring"
    verbose_name = "Портал наставничества"

    def ready(self):
        from .tables import cache_cell_signatures

        cache_cell_signatures()
