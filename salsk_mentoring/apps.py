from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "salsk_mentoring"
    verbose_name = "Портал наставничества"

    def ready(self):
        from . import checks  # noqa: F401 — registers the secret key check
        from .tables import cache_cell_signatures, cache_static_column_attrs

        cache_cell_signatures()
        cache_static_column_attrs()
        # The apps register the kinds of /autocomplete/<kind>/ from their own ready (<app>/lookups.py).
