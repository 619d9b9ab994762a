"""Test settings: the real settings plus what makes tests fast and deterministic."""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_HTTPS", "0")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The scoping guard is on for the whole suite: every request that reads a scoped model without for_user(),
# .public() or .unscoped(reason=...) fails its test (salsk_mentoring/scoping_guard.py). SCOPING_GUARD=0 switches
# it off for a debugging run only; SCOPING_GUARD_LOG=<file> writes every violation's stack to that file.
SCOPING_GUARD_MIDDLEWARE = "salsk_mentoring.scoping_guard.ScopingGuardMiddleware"
SCOPING_GUARD = os.environ.get("SCOPING_GUARD", "1") != "0"
if SCOPING_GUARD:
    MIDDLEWARE = [SCOPING_GUARD_MIDDLEWARE, *MIDDLEWARE]  # noqa: F405
