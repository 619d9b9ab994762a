"""Settings of the Salsk mentoring portal.

Everything that differs between a laptop and a server is read once from the
environment here (see README «Настройка»). SQLite is the default database;
``DATABASE_URL`` switches to PostgreSQL. DEBUG is off unless asked for, and
without DEBUG serving needs a ``DJANGO_SECRET_KEY`` (salsk_mentoring/checks.py).
"""

import os
from pathlib import Path

import dj_database_url
import fontpkg_pt_serif
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "да"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "dev-only-insecure-key"
# Without DEBUG and without a key SECRET_KEY stays empty. Commands that only read models and files
# (makemigrations, collectstatic) then run, as Django allows since 3.2 (it checks the key where it is used).
# Serving refuses to start: wsgi.py and asgi.py call checks.require_secret_key(); «check --deploy» fails.

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Absolute address of the portal, used in e-mails and calendar feeds.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "bootstrap",  # Bootstrap 5 static files from the django-bootstrap-static package (no CDN)
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    # the portal
    "salsk_mentoring",
    "schools",
    "mentors",
    "iom",
    "events",
    "monitoring",
    "orders",
    # tooling: only for the manage.py bench and loadtest commands (bench/); no product module imports it
    "bench",
    "django_cleanup.apps.CleanupConfig",  # last: removes a replaced or deleted record's file after commit
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "salsk_mentoring.middleware.ActiveOrganisationMiddleware",
]

ROOT_URLCONF = "salsk_mentoring.urls"
WSGI_APPLICATION = "salsk_mentoring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "salsk_mentoring.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # One writer at a time: a request waits for the write lock up to 20 s (Python's default is 5 s) instead
        # of failing with «database is locked» when a burst of downloads each starts a job or keeps a laid-out
        # document on a loaded machine (docs/performance.md, «Всплески»).
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # PostgreSQL's JIT compiles queries whose estimated cost is high (correlated subqueries at region scale):
    # it pays off in long reports, not on a web page, where the compiling took most of the public mentor bank's time
    # (docs/performance.md).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "schools.User"
# The organisation a user works for and every scope reaches; the core names it here, never imports it.
PORTAL_ORGANISATION_MODEL = "schools.Organisation"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend that also finds the person by e-mail (schools/accounts/backends.py).
    "schools.accounts.backends.LoginBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Russian interface, Moscow time, dates as 15.11.2021.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]
FORMAT_MODULE_PATH = ["salsk_mentoring.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # PT Serif (ParaType, OFL) from the fontpkg-pt-serif package: Cyrillic for print and screen.
    ("fonts/pt-serif", fontpkg_pt_serif.ROOT / "files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploads are never published at MEDIA_URL: views check who asks and answer with uploads.serve_upload(). Behind
# nginx, PORTAL_MEDIA_ACCEL_REDIRECT names its internal location for MEDIA_ROOT (docs/operations.md).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_ACCEL_REDIRECT = env_str("PORTAL_MEDIA_ACCEL_REDIRECT", "")

# Uploads: refused above this size with a reason (see salsk_mentoring.uploads).
MAX_UPLOAD_MB = env_int("PORTAL_MAX_UPLOAD_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Import (salsk_mentoring/imports/reading.py): at most this many rows in one file — counted while the sheet unpacks,
# blank rows included —, cells on its sheet, megabytes unpacked, seconds of reading in a request and in a job.
IMPORT_MAX_ROWS = env_int("PORTAL_IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_CELLS = env_int("PORTAL_IMPORT_MAX_CELLS", 2_000_000)
IMPORT_MAX_UNPACKED_MB = env_int("PORTAL_IMPORT_MAX_UNPACKED_MB", 256)
IMPORT_MAX_SECONDS = env_int("PORTAL_IMPORT_MAX_SECONDS", 30)
IMPORT_JOB_MAX_SECONDS = env_int("PORTAL_IMPORT_JOB_MAX_SECONDS", 600)
# Background jobs (manage.py expire_jobs, run every few minutes): a job queued or running longer than this is
# failed (its worker died) and an import file waiting this long is removed; documents are kept this many days.
JOB_TIMEOUT_MINUTES = env_int("PORTAL_JOB_TIMEOUT_MINUTES", 60)
JOB_RESULT_DAYS = env_int("PORTAL_JOB_RESULT_DAYS", 7)
# Public jobs (a visitor without an account: the public bank's big XLSX) queued or running at once, all visitors
# together: one more different query waits (a 503 «try in a minute»), so visitors cannot fill the staff's queue.
PUBLIC_JOBS_ACTIVE = env_int("PORTAL_PUBLIC_JOBS_ACTIVE", 10)
# Print: the parts of an order's pack not in the cache are laid out by this many processes at once
# (salsk_mentoring/documents/pool.py); 1 — one after another in the request's own process.
PRINT_WORKERS = env_int("PORTAL_PRINT_WORKERS", 2)
# A printed document (WeasyPrint PDF, or its DOCX) of more rows than this — table rows, or records it sums up —
# is made by a background job and the request answers with the job's page (salsk_mentoring/documents/responses.py).
PRINT_SYNC_ROWS = env_int("PORTAL_PRINT_SYNC_ROWS", 40)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/portal.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

# E-mail: console in development, SMTP on a server.
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Портал наставничества <noreply@salsk-imc.ru>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django-tasks backport of Django 6's framework). The immediate
# backend runs a task in the request; on a server set TASKS_BACKEND=database and run
# `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env_str("TASKS_BACKEND") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Accounts (schools/accounts/, docs/operations.md «Учётные записи»).
# An invitation link works this many days; a password reset link this many hours. Both are single-use.
PORTAL_INVITATION_DAYS = env_int("PORTAL_INVITATION_DAYS", 7)
PASSWORD_RESET_TIMEOUT = env_int("PORTAL_PASSWORD_RESET_HOURS", 24) * 3600
# «Забыли пароль?»: requests an hour from one client address, letters an hour to one e-mail address.
PORTAL_RESET_PER_ADDRESS = env_int("PORTAL_RESET_PER_ADDRESS", 5)
PORTAL_RESET_PER_EMAIL = env_int("PORTAL_RESET_PER_EMAIL", 3)
# Failed sign-ins (schools/accounts/throttle.py): after this many in a row an account waits 1, 2, 4 … minutes
# (at most the maximum) before the next try — except in a browser where the person signed in before;
# one client address gets at most ADDRESS_FAILURES failures in ADDRESS_WINDOW minutes, whatever the logins.
PORTAL_LOGIN_FREE_FAILURES = env_int("PORTAL_LOGIN_FREE_FAILURES", 5)
PORTAL_LOGIN_BACKOFF_MAX_MINUTES = env_int("PORTAL_LOGIN_BACKOFF_MAX_MINUTES", 15)
PORTAL_LOGIN_ADDRESS_FAILURES = env_int("PORTAL_LOGIN_ADDRESS_FAILURES", 20)
PORTAL_LOGIN_ADDRESS_WINDOW_MINUTES = env_int("PORTAL_LOGIN_ADDRESS_WINDOW_MINUTES", 15)
# The client's address: REMOTE_ADDR, or — only when the request comes from one of these reverse proxies — the
# header below (X-Forwarded-For: the rightmost address that is not a listed proxy; or X-Real-IP).
PORTAL_TRUSTED_PROXIES = env_list("PORTAL_TRUSTED_PROXIES", "127.0.0.1,::1")
PORTAL_CLIENT_IP_HEADER = env_str("PORTAL_CLIENT_IP_HEADER", "X-Forwarded-For")

# Security headers. Behind a TLS-terminating proxy set DJANGO_HTTPS=1 (the default without DEBUG).
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint and fontTools are chatty about CSS they ignore.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
CSRF_FAILURE_VIEW = "salsk_mentoring.core_views.csrf_failure"
