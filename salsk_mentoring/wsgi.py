import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salsk_mentoring.settings")

from salsk_mentoring.checks import require_secret_key  # noqa: E402 — reads the settings named above

require_secret_key()  # before anything else reads the key: the refusal names DJANGO_SECRET_KEY
application = get_wsgi_application()
