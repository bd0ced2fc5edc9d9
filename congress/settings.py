"""The one settings module: everything comes from the environment.

Production is DEBUG=False with SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and
REDIS_URL set; development and tests use the defaults that bin/run and bin/test
export. Test-only tweaks live in tests/conftest.py.
"""

from datetime import timedelta
from pathlib import Path

import environ
import pghistory
from celery.schedules import crontab
from django.utils.csp import CSP

from congress.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="django-insecure-development-only-key" if DEBUG else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {"default": env.db_url("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise environ.ImproperlyConfigured("DATABASE_URL must point at PostgreSQL")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# JIT compilation costs more than it saves on this portal's short aggregate
# queries (seconds of compiling for sub-second statistics).
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL")
if not REDIS_URL.startswith(("redis://", "rediss://")):
    raise environ.ImproperlyConfigured("REDIS_URL must point at Redis")

INSTALLED_APPS = [
    "congress.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "import_export",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "congress",
    "deputies",
    "proposals",
    "supervision",
    "appointments",
    "liaison_stations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "congress.middleware.RejectBadInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "congress.middleware.StaffSessionLimitsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "congress.middleware.SecondFactorRequiredMiddleware",
    "congress.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congress.urls"
WSGI_APPLICATION = "congress.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "congress.context_processors.portal",
            ],
        },
    },
]

# Users, login and lockout
AUTH_USER_MODEL = "congress.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# One person's typos must not lock out a whole office behind one NAT address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = "congress.rules.login_failure_limit"
AXES_COOLOFF_TIME = "congress.rules.login_cooloff"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list("AXES_IP_HEADERS", default=["REMOTE_ADDR"])
GUARDIAN_RAISE_403 = True

# History: inserts, updates and deletes of every tracked model, with the request
# context (user, URL) that pghistory's middleware records.
PGHISTORY_DEFAULT_TRACKERS = (
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
)
PGHISTORY_OBJ_FIELD = pghistory.ObjForeignKey(db_index=True, related_name="history")
PGHISTORY_ADMIN_CLASS = "congress.admin.events.PortalEventsAdmin"
ANONYMOUS_USER_NAME = None

# Sessions live in PostgreSQL so that nothing depends on Redis being up.
SESSION_ENGINE = "congress.sessions"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
# Messages stay on the server too: a cookie is signed, not encrypted.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

CACHES = {
    "default": {
        "BACKEND": "congress.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "congress",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}

# Internationalisation
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files and uploads: uploads live outside the static root and are only
# served through a view that checks permission.
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
BACKUP_ROOT = env.path("BACKUP_ROOT", default=BASE_DIR / "var" / "backups")
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
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail (Django 6.1 mailers), from one URL: smtp+tls://user:pass@host:587,
# consolemail:// in development.
_email = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
_email_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {key: value for key, value in _email_options.items() if value}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
# Text messages: a class with send(mobile, text); the default only logs.
SMS_BACKEND = env.str("SMS_BACKEND", default="congress.notifications.LoggingSmsBackend")
# For SMS_BACKEND=congress.notifications.HttpSmsBackend (the county's gateway).
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict in production, relaxed only where DEBUG needs plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Office staff, leaders and administrators verify a TOTP code after their
# password (congress.second_factor). A deployment setting, never a rule that
# staff could edit; bin/run's demo turns it off unless asked.
STAFF_SECOND_FACTOR = env.bool("STAFF_SECOND_FACTOR", default=True)
OTP_TOTP_ISSUER = env.str("PORTAL_NAME", default="") or "county-congress-portal"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Celery
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "health": {"task": "congress.tasks.health_check", "schedule": timedelta(hours=1)},
    "deliver-pending": {
        "task": "congress.tasks.deliver_pending",
        "schedule": timedelta(minutes=1),
    },
    "scan-reminders": {
        "task": "congress.tasks.scan_reminders",
        "schedule": timedelta(minutes=env.int("REMINDER_SCAN_MINUTES", default=5)),
    },
    "prune-counters": {
        "task": "congress.tasks.prune_counters",
        "schedule": timedelta(days=1),
    },
    "rotate-logs": {
        "task": "congress.tasks.rotate_logs",
        "schedule": crontab(hour=0, minute=0),
    },
    "personal-data-retention": {
        "task": "congress.tasks.personal_data_retention",
        "schedule": timedelta(days=1),
    },
    "station-summaries": {
        "task": "liaison_stations.tasks.rebuild_summaries",
        "schedule": crontab(hour=2, minute=30),
    },
    "activity-summary-repair": {
        "task": "deputies.tasks.activity_summary_repair",
        "schedule": crontab(hour=3, minute=30),
    },
    "proposals-refresh-summaries": {
        "task": "proposals.tasks.refresh_summaries",
        "schedule": timedelta(minutes=1),
    },
    "proposals-rebuild-summaries": {
        "task": "proposals.tasks.rebuild_summaries",
        "schedule": crontab(hour=1, minute=30),
    },
}

# Logs kept at least six months and rotated daily (congress.logs).
LOG_DIR = env.str("LOG_DIR", default="")
LOG_RETENTION_DAYS = env.int("LOG_RETENTION_DAYS", default=190)
LOGGING = logging_config(
    level=env.str("LOG_LEVEL", default="INFO"),
    log_dir=LOG_DIR,
    retention_days=LOG_RETENTION_DAYS,
)

# The installation's name, e.g. "青禾县人大常委会"; empty means a generic title.
PORTAL_NAME = env.str("PORTAL_NAME", default="")
