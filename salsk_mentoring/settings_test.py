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
# SCOPING_GUARD=1: every request that reads a scoped model without for_user() fails
# (salsk_mentoring/scoping_guard.py); tests/core/test_scoping_guard.py turns it on for itself.
SCOPING_GUARD_MIDDLEWARE = "salsk_mentoring.scoping_guard.ScopingGuardMiddleware"
if os.environ.get("SCOPING_GUARD") == "1":
    MIDDLEWARE = [SCOPING_GUARD_MIDDLEWARE, *MIDDLEWARE]  # noqa: F405
