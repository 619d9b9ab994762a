from django.conf import settings

from .navigation import menu_for


def portal(request):
    return {
        "PORTAL_NAME": "Портал наставничества Сальского района",
        "portal_menu": menu_for(request),
        "DEBUG": settings.DEBUG,
    }
