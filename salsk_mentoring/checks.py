"""The secret key: required to serve, not to read models.

Without ``DJANGO_DEBUG`` and ``DJANGO_SECRET_KEY`` the settings leave ``SECRET_KEY`` empty, so that commands which
only read models and files (``makemigrations --check``, ``collectstatic``) run on a machine without the
production environment. Django checks the key where it is used. Serving does not start at all: ``wsgi.py`` and
``asgi.py`` (gunicorn, ``runserver``) call :func:`require_secret_key`. ``check --deploy``, the README's
production check, reports the missing key as an error.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY = "DJANGO_SECRET_KEY не задан. Задайте его в окружении или включите DJANGO_DEBUG=1 для разработки."


def has_secret_key() -> bool:
    try:
        return bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django's own refusal of an empty key, raised where the key is read
        return False


def require_secret_key():
    if not has_secret_key():
        raise ImproperlyConfigured(MISSING_KEY)


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    return [] if has_secret_key() else [Error(MISSING_KEY, id="salsk.E001")]
