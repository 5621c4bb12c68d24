"""Bangfu settings: one module, configured from the environment.

Every variable is parsed strictly: a bad value stops start-up with a message
naming the variable, rather than running with a silently wrong setting.
"""

import importlib.util
import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")
TESTING = envbool("BANGFU_TESTING", "true" if "pytest" in sys.modules else "false")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    # Bangfu's own apps, in the order they build on each other: every entry whose
    # package lives in this folder is a plug-in app (core.plugins.bangfu_apps).
    "core",
    "school",
    "students",
    "archives",
    "homework",
    "evaluations",
    "inspections",
    "family",
    "afterschool",
    "collab",
    "reminders",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.RefuseNullCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "school.middleware.IdleTimeoutMiddleware",
    "school.middleware.NoStoreMiddleware",
    "school.middleware.ScopeMiddleware",
    # After any request that writes, the cached home panels are stale (core/page_cache.py).
    "core.page_cache.WriteRequestMiddleware",
    # Axes must be last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "school.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite in the project folder by default (WAL on, so readers never wait for the
# writer); PostgreSQL by DATABASE_URL=postgres://user@host:5432/name.
_default_db = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db),
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"].setdefault("TEST", {})
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"]["NAME"] = os.environ["TEST_DATABASE_NAME"]
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared-cache memory: the tests that run a real Celery worker write
    # from another thread, and WAL lets them wait for the lock instead of failing.
    # One file per test process, so two runs side by side do not share a database.
    DATABASES["default"]["TEST"]["NAME"] = str(
        Path(tempfile.gettempdir()) / f"bangfu-test-{os.getpid()}.sqlite3"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "school.User"

# --- Redis: cache and Celery ---------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL and not TESTING:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "bangfu"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How long a user's roles (school/scope_cache.py) stay cached; cleared whenever a role
# changes. Off by default with a per-process cache in production (no REDIS_URL): one
# gunicorn worker could not clear another's copy. Off in tests, so each test's query
# counts do not depend on what an earlier request cached (tests/test_school_scope_cache.py
# turns it on).
SCOPE_CACHE_SECONDS = envint(
    "SCOPE_CACHE_SECONDS", "3600" if (REDIS_URL or DEBUG) and not TESTING else "0"
)

# The school dashboard's figures (reports/figures.py cached_build), per user, roles, term,
# filters, language and day: minutes-old figures are fine there, so a short time-to-live is
# the only invalidation (capped at 5 minutes). Off in tests (tests/test_reports_dashboard_cache.py
# turns it on).
DASHBOARD_CACHE_SECONDS = envint("DASHBOARD_CACHE_SECONDS", "0" if TESTING else "120")

# How long the home dashboard's rendered panels, and the whole pages of the views marked
# @kept_page, are kept while nothing is written (core/page_cache.py: any write replaces the
# school's data generation, so nothing kept is older than the last write; this only bounds
# how long an unread entry lives); off without a shared cache, and in tests but their own
# (tests/test_core_home_cache.py, tests/test_core_kept_pages.py).
HOME_CACHE_SECONDS = envint("HOME_CACHE_SECONDS", "60" if REDIS_URL and not TESTING else "0")

# The reminder badge's unread count per user (reminders/badge.py), forgotten whenever one
# of the user's reminders is created or read; off like the scope cache without a shared cache.
REMINDER_BADGE_CACHE_SECONDS = envint(
    "REMINDER_BADGE_CACHE_SECONDS", "60" if (REDIS_URL or DEBUG) and not TESTING else "0"
)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without Redis there is no worker: tasks run in-process, at once.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Beat's schedule file lives with this checkout's data, not in whatever directory beat
# was started from (two checkouts would share, and overwrite, one file).
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "celerybeat-schedule")
)
REMINDER_SCAN_HOUR = envint("REMINDER_SCAN_HOUR", "6")
# How reminders come to a user who has not chosen: "digest" (one a day) or "immediate".
REMINDER_DEFAULT_MODE = os.environ.get("REMINDER_DEFAULT_MODE", "digest")
if REMINDER_DEFAULT_MODE not in ("digest", "immediate"):
    raise ImproperlyConfigured("REMINDER_DEFAULT_MODE must be digest or immediate")
REMINDER_SCAN_MINUTE = envint("REMINDER_SCAN_MINUTE", "30")
CELERY_BEAT_SCHEDULE = {
    "daily-reminder-scan": {
        "task": "reminders.tasks.daily_scan",
        "schedule": __import__("celery.schedules", fromlist=["crontab"]).crontab(
            hour=REMINDER_SCAN_HOUR, minute=REMINDER_SCAN_MINUTE
        ),
    },
    "erase-expired-students": {
        "task": "students.tasks.erase_expired_students",
        "schedule": __import__("celery.schedules", fromlist=["crontab"]).crontab(hour=2, minute=15),
    },
    "fail-stalled-exports": {
        "task": "reports.tasks.fail_stalled_exports",
        "schedule": 120.0,
    },
    "purge-expired-exports": {
        "task": "reports.tasks.purge_expired_exports",
        "schedule": 3600.0,
    },
}

# --- Authentication ------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# A whole school shares one NAT address: lock the username *at* that address,
# never the address alone, and let the lock expire.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "15") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Guesses during a lock are refused but not counted, so the lock ends when it said it would.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The lockout page says when the lock ends (school.views.locked_out).
AXES_LOCKOUT_CALLABLE = "school.views.locked_out"
AXES_ENABLED = envbool("AXES_ENABLED", "true")
# How many reverse proxies stand in front of Bangfu. 0: the client is REMOTE_ADDR and any
# X-Forwarded-For is ignored (a client could forge it). N: the address the N-th proxy from
# the right saw. Also the condition for trusting X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "school.middleware.client_ip_address"

# --- Sessions ------------------------------------------------------------------
# A shared school computer: sessions end when the browser closes, after
# SESSION_IDLE_MINUTES without a request, and in any case after SESSION_MAX_HOURS.
SESSION_EXPIRE_AT_BROWSER_CLOSE = envbool("SESSION_EXPIRE_AT_BROWSER_CLOSE", "true")
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", "30")
SESSION_COOKIE_AGE = envint("SESSION_MAX_HOURS", "10") * 3600
# Sessions live in the database, so every app server knows every login; with Redis, read
# through the cache as well (one query less a request; the database keeps them if Redis
# is lost).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL and not TESTING
    else "django.contrib.sessions.backends.db"
)

# --- Internationalisation ------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files --------------------------------------------------------------
_bootstrap_spec = importlib.util.find_spec("bootstrap")
if _bootstrap_spec is None or not _bootstrap_spec.submodule_search_locations:
    raise ImproperlyConfigured(
        "bootstrap-wrapper is not installed: pip install -r requirements.txt"
    )
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", list(_bootstrap_spec.submodule_search_locations)[0]),
]
# Every file the app writes (exports, photos) goes through this storage: a folder every
# app server mounts (MEDIA_ROOT on a shared volume), or an S3-compatible bucket with
# django-storages installed (STORAGE_BACKEND=storages.backends.s3.S3Storage and the
# AWS_* variables below). See docs/deploy.md.
STORAGE_BACKEND = os.environ.get(
    "STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
).strip()
if STORAGE_BACKEND.startswith("storages."):
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            f"STORAGE_BACKEND={STORAGE_BACKEND} needs django-storages: pip install django-storages[s3]"
        )
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("AWS_STORAGE_BUCKET_NAME must be set with STORAGE_BACKEND")
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_DEFAULT_ACL = None  # private: files reach people only through the app's checks
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
STORAGES = {
    "default": {"BACKEND": STORAGE_BACKEND},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
# Largest photo of a student's work a teacher may upload, in MB (archives/photos.py).
PHOTO_MAX_MB = envint("PHOTO_MAX_MB", "8")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ---------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "false")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "bangfu@localhost")

# --- Security ------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    # Trust X-Forwarded-Proto only from a proxy we were told about.
    if TRUSTED_PROXY_COUNT > 0:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# No inline scripts anywhere: every script is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Bangfu's own settings -----------------------------------------------------
# The address people open Bangfu at, for absolute links in e-mail (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
# Without a worker (no Redis), the daily reminder scan runs on the first dashboard view after
# its time each day.
REMINDER_SCAN_IN_PROCESS = envbool(
    "REMINDER_SCAN_IN_PROCESS", "false" if REDIS_URL or TESTING else "true"
)
PAGE_SIZE = envint("PAGE_SIZE", "50")
ROSTER_IMPORT_MAX_BYTES = envint("ROSTER_IMPORT_MAX_BYTES", str(5 * 1024 * 1024))
ROSTER_IMPORT_MAX_ROWS = envint("ROSTER_IMPORT_MAX_ROWS", "5000")
ARCHIVE_STALE_DAYS = envint("ARCHIVE_STALE_DAYS", "14")
HOME_VISIT_INTERVAL_DAYS = envint("HOME_VISIT_INTERVAL_DAYS", "30")
REVIEW_REMINDER_DAYS_BEFORE = envint("REVIEW_REMINDER_DAYS_BEFORE", "7")
# The school as its returns name it (the workbook cover, file names, letters, print pages).
SCHOOL_NAME = os.environ.get("SCHOOL_NAME", "").strip()
EXPORT_BACKGROUND_ROWS = envint("EXPORT_BACKGROUND_ROWS", "5000")
# A background export with no sign of life for this long is marked failed (retry button).
EXPORT_STALL_MINUTES = envint("EXPORT_STALL_MINUTES", "10")
EXPORT_RETENTION_HOURS = envint("EXPORT_RETENTION_HOURS", "24")
# Leavers (graduated, transferred out) are anonymised this many years after leaving.
STUDENT_RETENTION_YEARS = envint("STUDENT_RETENTION_YEARS", "3")
if not 0 <= STUDENT_RETENTION_YEARS <= 100:
    raise ImproperlyConfigured(
        f"STUDENT_RETENTION_YEARS must be between 0 and 100, got {STUDENT_RETENTION_YEARS}"
    )
# Where `manage.py backup` writes its archives by default.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
