"""Settings for renda_portal: one module, every deployment value read from the environment.

With nothing set the portal runs on the embedded default: SQLite (WAL, IMMEDIATE transactions,
busy timeout), a local-memory cache and a Celery broker on the filesystem, so a trial needs no
server. With DATABASE_URL / REDIS_URL set it runs on PostgreSQL and Redis. See docs/deployment.md.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A developer may keep values in .env; production sets real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# The embedded default has a development key; production must set SECRET_KEY (checked below).
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="django-insecure-dev-only-0f3c9a1e7b5d4c2a8e6f1b3d5c7a9e1f")
else:
    SECRET_KEY = env("SECRET_KEY")  # no default: production refuses to start without one
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    # Second factor (TOTP, RFC 6238): the device models and their checks; the flow is the portal's
    # own (accounts/second_factor.py), without django-otp's middleware (see docs/security.md).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "notifications",
    "core",
    "similar",
    # Apps of the domain; dependencies point one way (see docs/architecture.md).
    "deputies",
    "liaison_stations",
    "citizen_messages",
    "suggestions",
    "livelihood",
    "collaboration",
    "reports",
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
    "simple_history.middleware.HistoryRequestMiddleware",
    # Session limits, forced password change, audit of 403s and exports (accounts/middleware.py).
    "accounts.middleware.SecurityMiddleware",
    # django-axes last, as its documentation asks: it turns a locked login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "renda_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "renda_portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "renda_portal.wsgi.application"

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN
    # so two writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_db.sqlite3")}
# Persistent connections on both databases: with CONN_MAX_AGE=0 every SQLite request opened the file and
# ran the PRAGMAs above, every PostgreSQL request paid a connection (issue 18: the public QR page fell to
# 0.28x of a bare view on SQLite). CONN_HEALTH_CHECKS is off by default: it costs a `SELECT 1` per request
# on a reused connection; without it a connection broken by a database restart fails the one request
# that finds it (Django then drops it, the next request reconnects). Set CONN_HEALTH_CHECKS=1 where the
# database restarts or fails over often. See docs/performance.md.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("CONN_HEALTH_CHECKS", default=False))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",  # the client built once (core/cache.py)
            "LOCATION": REDIS_URL,
            # A request must never hang on a Redis outage: fail fast and let the caller degrade.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            "KEY_PREFIX": "renda",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renda"}}

# --- Users ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# The lockout backend first: a locked account is refused before its password is checked.
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutBackend", "accounts.backends.UsernameOrMobileBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Password rules per 等保 2.0, a deliberate choice (accounts/passwords.py, docs/security.md): at least
# 10 characters of 3 classes, no reuse of the last 5, staff change theirs every 90 days.
PASSWORD_MIN_LENGTH = env.int("PASSWORD_MIN_LENGTH", default=10)
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)
PASSWORD_HISTORY_COUNT = 5
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "accounts.passwords.PasswordHistoryValidator"},
]
# Sessions live in the database (Django's default engine, named here so nobody moves them to the
# cache: a Redis restart must log nobody out). 30 idle minutes, 12 hours at most (accounts/middleware.py);
# the cookie's own age is the idle limit, slid forward while the user is active.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 3600)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS

# Login lockout (django-axes): 5 consecutive failures lock the account for 30 minutes; a success
# resets the count. The per-address throttle (LOGIN_IP_*) is the login view's, on the cache.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
# A success resets the count, but only a complete login does (password, and the code when the account
# has a second factor): accounts.second_factor resets it. Reset at the password step, someone who
# knows the password could try 4 codes, log in again, and try 4 more, without end.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "accounts.backends.lockout_username"
AXES_CLIENT_IP_CALLABLE = "accounts.http.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_ENABLE_ADMIN = False  # the security administrator unlocks from the user list (accounts/admin.py)
AXES_DISABLE_ACCESS_LOG = True  # every login is in the one audit trail (AuditEvent) instead
AXES_VERBOSE = False
# axes.W006 asks for the address among the lockout parameters: then one office behind one NAT
# address would be locked out together after 5 typos. The per-address limit is the login view's own,
# higher throttle (LOGIN_IP_FAILURE_LIMIT) instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
LOGIN_IP_FAILURE_LIMIT = env.int("LOGIN_IP_FAILURE_LIMIT", default=20)
LOGIN_IP_WINDOW_SECONDS = env.int("LOGIN_IP_WINDOW_SECONDS", default=15 * 60)

# Second factor (TOTP): required of staff and administrators, optional for deputies.
# ±1 time step (30 s) of tolerance (set on each device); a code is accepted once (django-otp keeps the last time step);
# each wrong code doubles the wait before the next try (1 s, 2 s, 4 s, ...) and counts towards
# the 5-failure lockout above.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_RECOVERY_THROTTLE_FACTOR = 1
OTP_RECOVERY_CODE_COUNT = 8
# Security audit trail: kept at least 180 days (等保: 审计记录留存不少于6个月).
AUDIT_RETENTION_DAYS = max(180, env.int("AUDIT_RETENTION_DAYS", default=180))

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Uploads are served only by core/files.py's checked views. Behind nginx set this to the site's
# `internal` location (deploy/nginx/renda.conf: /_protected_media/) and nginx streams the file once
# Django has checked who asks; empty, Django streams it itself.
MEDIA_ACCEL_REDIRECT = env("MEDIA_ACCEL_REDIRECT", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="renda-portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# A request that enqueues a task must not wait for a broker that is down: publish once, fail
# fast, and let the periodic sweep pick up whatever was not delivered.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if REDIS_URL:
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2, "visibility_timeout": 3600}
else:
    _broker_dir = VAR_DIR / "celery-broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # kombu's default control folder is ./control in the working directory: keep it under var/.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# The worker logs through LOGGING above (and its redaction), not a handler of Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = CELERY_TASK_ALWAYS_EAGER
CELERY_BEAT_SCHEDULE = {
    # Proves beat, broker and worker are alive: the health endpoint reports the age of its row.
    "core-heartbeat": {"task": "core.tasks.heartbeat", "schedule": 60.0},
    # Similar items: saves keep the index current, except a citizen's new message (indexed here
    # within the minute, off the public POST); a weekly rebuild repairs what bulk loads skipped.
    "similar-index-pending": {"task": "similar.tasks.index_pending", "schedule": 60.0},
    "similar-rebuild": {"task": "similar.tasks.rebuild", "schedule": crontab(day_of_week=0, hour=2, minute=0)},
    "similar-stats": {"task": "similar.tasks.refresh_stats", "schedule": crontab(hour=3, minute=10)},
    # Sends the emails of citizens' new messages (their POST publishes nothing) and retries what was
    # not delivered (after a mail-server or Redis outage).
    "notifications-sweep": {"task": "notifications.tasks.sweep", "schedule": 60.0},
    # The "three ones" of the livelihood projects: due reviews, reminders, escalation, late milestones.
    "livelihood-daily-sweep": {"task": "livelihood.tasks.daily_sweep", "schedule": crontab(hour=6, minute=30)},
    # The day-before duty reminder for deputies on a station's rota (one per duty, however often it runs).
    "liaison-stations-duty-reminders": {
        "task": "liaison_stations.tasks.remind_duties",
        "schedule": crontab(hour="8,17", minute=0),
    },
    # Opinions gathered at stations left open too long (once per opinion and stage).
    "liaison-stations-overdue-opinions": {
        "task": "liaison_stations.tasks.sweep_overdue_opinions",
        "schedule": crontab(hour=9, minute=15),
    },
    # The staff's default dashboards (own region, this year and month), recomputed before their cached
    # copy expires: at a province's scale a recomputation takes seconds (docs/performance.md).
    "reports-warm-dashboards": {"task": "reports.tasks.warm_dashboards", "schedule": crontab(minute="*/10")},
    "citizen-messages-warm-stats": {"task": "citizen_messages.tasks.warm_stats", "schedule": crontab(minute="*/10")},
    # Citizen messages: remind deputies / flag to staff once a day; anonymise old closed messages nightly.
    "citizen-messages-sweep": {"task": "citizen_messages.tasks.daily_sweep", "schedule": crontab(hour=8, minute=0)},
    "citizen-messages-retention": {"task": "citizen_messages.tasks.retention", "schedule": crontab(hour=3, minute=15)},
    # Reminds handling units before a suggestion's reply deadline and flags it after (once each).
    "suggestions-deadline-sweep": {"task": "suggestions.tasks.deadline_sweep", "schedule": crontab(hour=7, minute=30)},
    # The security audit trail: rows past AUDIT_RETENTION_DAYS (≥ 180) only.
    "accounts-prune-audit-events": {
        "task": "accounts.tasks.prune_audit_events",
        "schedule": crontab(hour=2, minute=40),
    },
    # Offline submissions' replay records (core.IdempotentRequest) past IDEMPOTENCY_RETENTION_DAYS.
    "core-prune-idempotent-requests": {
        "task": "core.tasks.prune_idempotent_requests",
        "schedule": crontab(hour=3, minute=30),
    },
    # Database copies of dashboards and statistics pages nobody opened in two days (core/copies.py).
    "core-prune-computed-copies": {
        "task": "core.tasks.prune_computed_copies",
        "schedule": crontab(hour=3, minute=35),
    },
    # Roster uploads previewed but never confirmed (media/imports).
    "deputies-prune-roster-uploads": {
        "task": "deputies.tasks.prune_roster_uploads",
        "schedule": crontab(hour=3, minute=45),
    },
    # Overdue items of the cross-region collaborations' joint problem lists.
    "collaboration-overdue-sweep": {"task": "collaboration.tasks.overdue_sweep", "schedule": crontab(hour=7, minute=0)},
}
# Days before a review's due date that the responsible body is reminded.
LIVELIHOOD_REMINDER_LEAD_DAYS = env.int("LIVELIHOOD_REMINDER_LEAD_DAYS", default=7)
# Days an opinion gathered at a station may stay in one open state before staff are reminded.
LIAISON_STATIONS_OPINION_OVERDUE_DAYS = env.int("LIAISON_STATIONS_OPINION_OVERDUE_DAYS", default=15)

# --- Portal ---------------------------------------------------------------------------------
PORTAL_NAME = env("PORTAL_NAME", default="")  # empty: the translated default name
# The name an authenticator app shows beside the account (fixed text: it is stored in the app).
OTP_TOTP_ISSUER = PORTAL_NAME or "人大代表履职管理平台"
# Days a deputy's offline submission is remembered by its key, so a resend is answered, not stored again.
IDEMPOTENCY_RETENTION_DAYS = env.int("IDEMPOTENCY_RETENTION_DAYS", default=7)
NOTIFICATION_EMAIL_MAX_ATTEMPTS = env.int("NOTIFICATION_EMAIL_MAX_ATTEMPTS", default=8)
# How long a worker's claim on one email holds (seconds): well above one send (EMAIL_TIMEOUT); a claim
# whose worker died is taken again by the first sweep after it (notifications/tasks.py).
NOTIFICATION_EMAIL_LEASE = env.int("NOTIFICATION_EMAIL_LEASE", default=120)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# How many reverse proxies (nginx) stand in front of gunicorn and append to X-Forwarded-For; 0 when
# gunicorn is reached directly. Rate limits per address depend on it (docs/deployment.md).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Citizen messages (民意直通车): days before a reminder (flag to staff after twice as many), days a
# closed message keeps the citizen's name and phone, messages per deputy per day before staff review.
CITIZEN_MESSAGES_REMIND_DAYS = env.int("CITIZEN_MESSAGES_REMIND_DAYS", default=7)
CITIZEN_MESSAGES_RETENTION_DAYS = env.int("CITIZEN_MESSAGES_RETENTION_DAYS", default=365)
CITIZEN_MESSAGES_DAILY_CAP = env.int("CITIZEN_MESSAGES_DAILY_CAP", default=20)
# Suggestions: reply within 3 months, at most 6 with extensions; return within 7 working days;
# remind units this many working days before the deadline; a not-satisfied round gets this many.
SUGGESTIONS_REPLY_MONTHS = env.int("SUGGESTIONS_REPLY_MONTHS", default=3)
SUGGESTIONS_MAX_MONTHS = env.int("SUGGESTIONS_MAX_MONTHS", default=6)
SUGGESTIONS_RETURN_WORKING_DAYS = env.int("SUGGESTIONS_RETURN_WORKING_DAYS", default=7)
SUGGESTIONS_REMINDER_LEAD_DAYS = env.int("SUGGESTIONS_REMINDER_LEAD_DAYS", default=5)
SUGGESTIONS_REROUND_WORKING_DAYS = env.int("SUGGESTIONS_REROUND_WORKING_DAYS", default=30)

# The health endpoint calls the beat "stale" when its heartbeat (every minute) is older than this.
HEALTH_BEAT_MAX_AGE = env.int("HEALTH_BEAT_MAX_AGE", default=300)

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads the CSRF cookie: every form carries the hidden field
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles only from the portal's own files: no inline script (static/js/portal.js handles
# the data-* behaviours) and no inline style either — no style="" attribute, no <style> block; one-off
# sizes are classes in static/css/portal.css, a chart's computed height is set by portal.js through
# the style object (allowed). img data: for Bootstrap's inline SVG icons. Nothing from another host:
# every asset is vendored. The admin gets the same policy (docs/security.md, "CSP").
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The load balancer probes gunicorn over plain HTTP on the intranet.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Every record passes RedactFilter (no phone numbers, passwords, session ids, tracking codes);
# production writes one JSON object a line (LOG_FORMAT=json) for journald or a log shipper.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "renda_portal.logs.RedactFilter"}},
    "formatters": {
        "json": {"()": "renda_portal.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact"],
            "formatter": env("LOG_FORMAT", default="text" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every login at INFO; the audit trail (AuditEvent) is the record.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Names for the roles, kept here so templates and the data migration agree.
PORTAL_DEFAULT_NAME = _("人大代表履职管理平台")

# The deputy's offline web app (docs/offline.md): photos are shrunk in the browser before they are
# queued and uploaded, to at most this many pixels on the long side, as JPEG of this quality.
OFFLINE_PHOTO_MAX_PX = env.int("OFFLINE_PHOTO_MAX_PX", default=1600)
OFFLINE_PHOTO_QUALITY = env.float("OFFLINE_PHOTO_QUALITY", default=0.8)
