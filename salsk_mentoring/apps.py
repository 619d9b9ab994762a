from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "salsk_mentoring"
    verbose_name = "Портал наставничества"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import checks  # noqa: F401 — registers the secret key check
        from .tables import cache_cell_signatures, cache_static_column_attrs

        cache_cell_signatures()
        cache_static_column_attrs()
        # <app>/lookups.py register the kinds of /autocomplete/<kind>/ (salsk_mentoring.autocomplete).
        autodiscover_modules("lookups")
