from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "salsk_mentoring"
    verbose_name = "Портал наставничества"
