"""Settings for Little Minds, read from the environment.

Every variable is documented in `.env.example` and the README. The defaults let a newcomer
run the platform with nothing installed but Python: SQLite under `var/`, debug off.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


# An empty variable counts as unset everywhere, so `LITTLEMINDS_REQUIRE_2FA=` in a file
# never silently turns a safeguard off.
def env_str(name: str, default: str) -> str:
    raw = os.environ.get(name, "").strip()
    return raw or default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


_RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def env_rate(name: str, default: str) -> tuple[int, int]:
    """A rate limit as requests and seconds: "60/m" is 60 a minute, "300/15m" 300 in 15
    minutes (units s, m, h, d)."""
    raw = env_str(name, default)
    count, _, period = raw.replace(" ", "").partition("/")
    number, unit = period[:-1], period[-1:]
    try:
        requests, seconds = int(count), int(number or "1") * _RATE_UNITS[unit.lower()]
    except (ValueError, KeyError):
        requests = seconds = 0
    if requests < 1 or seconds < 1:
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per period, such as 60/m or 300/15m "
            f"(periods: s, m, h, d), not {raw!r}"
        )
    return requests, seconds


VAR_DIR = Path(env_str("LITTLEMINDS_VAR_DIR", str(PROJECT_DIR / "var")))
# The embedded database and collected static files live here. A read-only install sets
# LITTLEMINDS_VAR_DIR to a writable place; creating it is then the operator's job.
with contextlib.suppress(OSError):
    (VAR_DIR / "static").mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("LITTLEMINDS_DEBUG", False)
# The test suite talks plain HTTP to its own live server, so the HTTPS-only defaults of a
# production instance are relaxed under pytest (and only there).
TESTING = bool(os.environ.get("PYTEST_VERSION"))
_HTTPS_DEFAULT = not DEBUG and not TESTING

# A development key is only acceptable while debugging; production must set its own, and a
# short one, the placeholder of `.env.example` or the development key itself is refused: a
# key anyone can read signs sessions, password-reset links and rate-limit buckets for all.
_DEV_SECRET_KEY = "littleminds-development-only-key-never-use-in-production-0123456789"  # noqa: S105
_PLACEHOLDER_SECRET_KEY = "change-me-to-a-long-random-string"  # noqa: S105 - .env.example's
_SECRET_KEY_MIN_LENGTH = 50
_MAKE_A_KEY = 'Make one with: python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
_DEV_KEY_ALLOWED = TESTING or bool(os.environ.get("LITTLEMINDS_ALLOW_DEV_KEY"))
SECRET_KEY = env_str("LITTLEMINDS_SECRET_KEY", "") or (_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    if _DEV_KEY_ALLOWED:
        SECRET_KEY = _DEV_SECRET_KEY
    else:
        raise ImproperlyConfigured(
            "Set LITTLEMINDS_SECRET_KEY (or LITTLEMINDS_DEBUG=true for development), a random "
            f"string of at least {_SECRET_KEY_MIN_LENGTH} characters. {_MAKE_A_KEY}"
        )
elif not DEBUG and not (SECRET_KEY == _DEV_SECRET_KEY and _DEV_KEY_ALLOWED):
    if SECRET_KEY in {_DEV_SECRET_KEY, _PLACEHOLDER_SECRET_KEY}:
        raise ImproperlyConfigured(
            "LITTLEMINDS_SECRET_KEY is a published example key, which anyone can read. Set "
            f"a random string of at least {_SECRET_KEY_MIN_LENGTH} characters. {_MAKE_A_KEY}"
        )
    if len(SECRET_KEY) < _SECRET_KEY_MIN_LENGTH:
        raise ImproperlyConfigured(
            f"LITTLEMINDS_SECRET_KEY is {len(SECRET_KEY)} characters long; it must be a random "
            f"string of at least {_SECRET_KEY_MIN_LENGTH} characters. {_MAKE_A_KEY}"
        )
    # Django's own test of a key (`check --deploy`, security.W009), made a refusal here.
    if len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "LITTLEMINDS_SECRET_KEY does not look random (too few different characters, or "
            f"Django's insecure example). Set a random string of at least "
            f"{_SECRET_KEY_MIN_LENGTH} characters. {_MAKE_A_KEY}"
        )

ALLOWED_HOSTS = env_list("LITTLEMINDS_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("LITTLEMINDS_CSRF_TRUSTED_ORIGINS", [])

# The demonstration instance says so in a banner on every page.
DEMO_MODE = env_bool("LITTLEMINDS_DEMO", False)
REQUIRE_2FA = env_bool("LITTLEMINDS_REQUIRE_2FA", True)
MAINTENANCE_MODE = env_bool("LITTLEMINDS_MAINTENANCE", False)
SITE_URL = env_str("LITTLEMINDS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Our apps come first so that their commands and templates take precedence over Django's
# (for example `changepassword`, which must go through the audited service).
INSTALLED_APPS = [
    "littleminds.core",
    "littleminds.audit",
    "littleminds.accounts",
    "littleminds.directory",
    "littleminds.pathway",
    "littleminds.referrals",
    "littleminds.notifications",
    "littleminds.measures",
    "littleminds.casework",
    "littleminds.consultations",
    "littleminds.training",
    "littleminds.community",
    "littleminds.insights",
    "littleminds.evaluation",
    "littleminds.demo",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "csp",
]

MIDDLEWARE = [
    "littleminds.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "littleminds.core.middleware.MaintenanceModeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "littleminds.accounts.middleware.SessionRenewalMiddleware",
    "littleminds.core.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "littleminds.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes goes last so that it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "littleminds.urls"
WSGI_APPLICATION = "littleminds.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "littleminds.core.context_processors.platform",
                "littleminds.accounts.context_processors.navigation",
                "littleminds.accounts.context_processors.session_timeout",
            ],
        },
    },
]
FORM_RENDERER = "littleminds.core.forms.NHSFormRenderer"

# Databases: SQLite by default (the embedded database for a demonstration or one team),
# PostgreSQL in production. DATABASE_URL takes both shapes.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'littleminds.sqlite3'}")
# A new connection costs more than most queries here: PostgreSQL starts a process for it,
# and SQLite opens the file, reads its write-ahead log and runs the PRAGMAs below (about
# 5 ms of a 13 ms navigator answer, measured with bench/pathway_decide.py). Connections are
# kept for a minute by default on both (and checked before reuse).
_database = dj_database_url.parse(
    DATABASE_URL,
    conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    conn_health_checks=True,
)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer writes; IMMEDIATE transactions take the
    # write lock at BEGIN, so two writers queue instead of failing half-way (and the
    # audit chain, which reads the last event before writing the next, stays linear).
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    _database["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DATABASES = {"default": _database}
# A PostgreSQL read replica for the insights' pages and reports (ADR 0040): the router
# sends their reads there, and nothing else's; no write ever goes there. Unset, everything
# uses the default database.
REPLICA_DATABASE_URL = env_str("LITTLEMINDS_REPLICA_DATABASE_URL", "")
if REPLICA_DATABASE_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            REPLICA_DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        ),
        # Under tests the replica is the test database itself, through a second connection.
        "TEST": {"MIRROR": "default"},
    }
elif TESTING:
    # The router's own tests need the alias; the router is installed only by them, since a
    # test's writes sit in a transaction that a second connection cannot see.
    DATABASES["replica"] = {**_database, "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = (
    ["littleminds.insights.router.ReplicaRouter"] if REPLICA_DATABASE_URL and not TESTING else []
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# An index with included columns (`directory.Service`'s `service_map_groups`, ADR 0047) is
# a covering index on PostgreSQL and a plain index on SQLite, which is all a single team's
# directory needs: SQLite's warning that it leaves the included column out is expected.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Django's cache (ADR 0046): Redis, shared by every worker process, when
# LITTLEMINDS_CACHE_URL names one (redis://host:6379/0, or rediss:// for TLS); otherwise
# each process keeps its own in memory, so an instance with only SQLite needs nothing else
# running. What is cached must be right with either: cached answers are keyed by a
# token the database keeps (`core.caching.generation`), never by the cache.
CACHE_URL = env_str("LITTLEMINDS_CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "LITTLEMINDS_CACHE_URL must be a Redis address such as redis://127.0.0.1:6379/0, "
        f"not {CACHE_URL!r}"
    )
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "littleminds",
            # A cache that does not answer within a second costs a search its cache (the
            # search is made afresh), not the page.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "littleminds",
            # A cached search page is about 40 kB: this keeps each worker's share near 20 MB.
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "littleminds.accounts.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:dashboard"
PASSWORD_RESET_TIMEOUT = env_int("LITTLEMINDS_INVITATION_DAYS", 7) * 24 * 3600

# Sessions end after 30 idle minutes; a warning two minutes before lets the user stay signed
# in (WCAG 2.2.1, timing adjustable). A signed-in request renews the clock when it was last
# renewed a minute or more ago (accounts.middleware.SessionRenewalMiddleware), not on every
# request, which cost a write and a commit per page: the timeout is 29 to 30 idle minutes
# (ADR 0061).
SESSION_COOKIE_AGE = env_int("LITTLEMINDS_SESSION_IDLE_MINUTES", 30) * 60
SESSION_TIMEOUT_WARNING_SECONDS = env_int("LITTLEMINDS_SESSION_WARNING_SECONDS", 120)
SESSION_RENEW_SECONDS = env_int("LITTLEMINDS_SESSION_RENEW_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Repeated failed sign-ins lock out both the account and the address for a while.
AXES_FAILURE_LIMIT = env_int("LITTLEMINDS_LOCKOUT_ATTEMPTS", 5)
AXES_COOLOFF_TIME = env_int("LITTLEMINDS_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "littleminds.accounts.backends.lockout_username"
# The account's own failures are cleared at sign-in by `accounts.services.session_started`;
# axes' own reset would clear every failure from the address too, whoever they were against.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "littleminds.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Behind a proxy every request arrives from the proxy; the client's address is the one the
# proxy adds to X-Forwarded-For. Without one, only the connection's own address is trusted.
# One helper reads it for sign-in lockouts and for rate limits alike, so the two agree.
BEHIND_PROXY = env_bool("LITTLEMINDS_BEHIND_PROXY", False)
PROXY_COUNT = env_int("LITTLEMINDS_PROXY_COUNT", 1)
AXES_CLIENT_IP_CALLABLE = "littleminds.core.ratelimit.client_address"

# Public endpoints (the navigator now) limit how often one address may call them, in fixed
# windows counted in the database, which every worker process shares (ADR 0012).
RATE_LIMITS_ENABLED = env_bool("LITTLEMINDS_RATE_LIMITS", True)
RATE_LIMITS = {
    "navigator": env_rate("LITTLEMINDS_RATE_LIMIT_NAVIGATOR", "60/m"),
    # Sending a family's own referral: generous, because many parents can share one address
    # (a mobile network's, a children's centre's); the honeypot catches most robots first.
    "self_referral": env_rate("LITTLEMINDS_RATE_LIMIT_SELF_REFERRAL", "30/h"),
    # A family checking where its request is: a few tries are enough for a person; guessing
    # the three answers together takes far more.
    "self_referral_status": env_rate("LITTLEMINDS_RATE_LIMIT_SELF_REFERRAL_STATUS", "10/h"),
    # Scoring answers with the measures' API: a partner system may score a clinic's
    # questionnaires one after another, and nothing is stored.
    "measures": env_rate("LITTLEMINDS_RATE_LIMIT_MEASURES", "120/m"),
    # Checking a training certificate's code: an employer checks a few; guessing one of
    # 25 ** 10 codes would take far more than this allows.
    "certificate_check": env_rate("LITTLEMINDS_RATE_LIMIT_CERTIFICATE_CHECK", "30/h"),
    # A clinician's calendar feed: a calendar app fetches it every few minutes at most.
    "calendar_feed": env_rate("LITTLEMINDS_RATE_LIMIT_CALENDAR_FEED", "60/h"),
    # A family's questionnaire by link: opening and sending it a few times is plenty; the
    # token cannot be guessed, and this keeps anyone from trying.
    "questionnaire": env_rate("LITTLEMINDS_RATE_LIMIT_QUESTIONNAIRE", "60/h"),
    # Asking for a training place without an account, and opening its confirmation link:
    # a college's students may share one address, and each request sends an email.
    "training_registration": env_rate("LITTLEMINDS_RATE_LIMIT_TRAINING_REGISTRATION", "30/h"),
    # Booking places at a community event: families at one children's centre may share an
    # address; the honeypot catches most robots first.
    "community_booking": env_rate("LITTLEMINDS_RATE_LIMIT_COMMUNITY_BOOKING", "30/h"),
}

OTP_TOTP_ISSUER = env_str("LITTLEMINDS_OTP_ISSUER", "Little Minds")

# Security: safe values whenever debug is off; each can be relaxed behind a proxy that
# terminates TLS itself.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env_bool("LITTLEMINDS_SSL_REDIRECT", _HTTPS_DEFAULT)
SESSION_COOKIE_SECURE = env_bool("LITTLEMINDS_SECURE_COOKIES", _HTTPS_DEFAULT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("LITTLEMINDS_HSTS_SECONDS", 31_536_000 if _HTTPS_DEFAULT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("LITTLEMINDS_HSTS_PRELOAD", _HTTPS_DEFAULT)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Answers the browser must not keep, besides every answer to a signed-in session
# (core.middleware.NoStoreMiddleware, ADR 0019): the API's, and the public pages that carry a
# family's answers.
NO_STORE_PATHS = ["/api/", "/self-referral/", "/navigator/"]

# Content-Security-Policy (django-csp, ADR 0019): scripts, styles and everything else from
# our own static files only; no inline script or style, no eval, no plugins, never framed.
# Nothing here is configurable: a page that needs more is changed, not the policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
# The public pages for families (the self-referral first) speak the community's languages;
# each language's name is written in that language. docs/translations.md says how to add one.
LANGUAGES = [
    ("en-gb", "English"),
    ("ur", "اردو"),
    ("pl", "Polski"),
    ("ro", "Română"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded files (community materials): kept under the var directory and served only through
# views that check who may see them, never from a public address of their own.
MEDIA_ROOT = Path(env_str("LITTLEMINDS_MEDIA_DIR", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
# Community materials (`community.uploads`): the largest file kept, in MB, for a PDF or an
# image and for a video, and the most pixels an image may have. An upload larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MB, said here so nobody raises it) streams to a
# temporary file, never held in memory; DATA_UPLOAD_MAX_MEMORY_SIZE counts the form's other
# fields only, not its files.
MATERIAL_MAX_MB = env_int("LITTLEMINDS_MATERIAL_MAX_MB", 10)
MATERIAL_VIDEO_MAX_MB = env_int("LITTLEMINDS_MATERIAL_VIDEO_MAX_MB", 100)
MATERIAL_MAX_PIXELS = env_int("LITTLEMINDS_MATERIAL_MAX_PIXELS", 40_000_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# REFI-QDA imports into the evaluation workbench (`evaluation.exchange_import`): the largest
# .qdpx or .qdc taken, in MB, and the most a .qdpx may unpack to (a zip bomb is refused
# before it is unpacked).
EVALUATION_IMPORT_MAX_MB = env_int("LITTLEMINDS_EVALUATION_IMPORT_MAX_MB", 20)
EVALUATION_IMPORT_MAX_UNPACKED_MB = env_int("LITTLEMINDS_EVALUATION_IMPORT_MAX_UNPACKED_MB", 100)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("LITTLEMINDS_STATIC_MANIFEST", False)
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not env_bool("LITTLEMINDS_STATIC_MANIFEST", False)

EMAIL_BACKEND = env_str(
    "LITTLEMINDS_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("LITTLEMINDS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("LITTLEMINDS_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("LITTLEMINDS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("LITTLEMINDS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("LITTLEMINDS_EMAIL_TLS", False)
# Seconds to wait for the mail server, as for GOV.UK Notify (ADR 0015): a message is sent
# after the commit while the person who made the change waits for the next page, and
# Django's default is to wait for ever.
EMAIL_TIMEOUT = env_int("LITTLEMINDS_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("LITTLEMINDS_FROM_EMAIL", "Little Minds <noreply@localhost>")

# Notifications to referrers and families (ADR 0015): printed on the console in development
# and tests, sent by e-mail (the settings above) or through GOV.UK Notify.
NOTIFICATIONS_BACKEND = env_str(
    "LITTLEMINDS_NOTIFICATIONS_BACKEND", "console" if DEBUG or TESTING else "email"
)
if NOTIFICATIONS_BACKEND not in {"console", "email", "notify"}:
    raise ImproperlyConfigured(
        "LITTLEMINDS_NOTIFICATIONS_BACKEND must be console, email or notify, "
        f"not {NOTIFICATIONS_BACKEND!r}"
    )
# When the insights' daily tallies of changed days are made again (docs/insights.md):
# "commit", in the background straight after the change's commit (and by `littleminds
# insights refresh` from cron for anything left); "cron", only by that command. Tests use
# "cron" so that no refresh runs behind a test's back; theirs ask for "commit".
INSIGHTS_TALLIES_REFRESH = env_str("LITTLEMINDS_TALLIES_REFRESH", "cron" if TESTING else "commit")
if INSIGHTS_TALLIES_REFRESH not in {"commit", "cron"}:
    raise ImproperlyConfigured(
        f"LITTLEMINDS_TALLIES_REFRESH must be commit or cron, not {INSIGHTS_TALLIES_REFRESH!r}"
    )
NOTIFICATIONS_MAX_ATTEMPTS = env_int("LITTLEMINDS_NOTIFICATIONS_ATTEMPTS", 5)
NOTIFY_API_KEY = env_str("LITTLEMINDS_NOTIFY_API_KEY", "")
NOTIFY_EMAIL_TEMPLATE_ID = env_str("LITTLEMINDS_NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_TEXT_TEMPLATE_ID = env_str("LITTLEMINDS_NOTIFY_TEXT_TEMPLATE_ID", "")
if NOTIFICATIONS_BACKEND == "notify" and not (
    NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID and NOTIFY_TEXT_TEMPLATE_ID
):
    raise ImproperlyConfigured(
        "With LITTLEMINDS_NOTIFICATIONS_BACKEND=notify, set LITTLEMINDS_NOTIFY_API_KEY, "
        "LITTLEMINDS_NOTIFY_EMAIL_TEMPLATE_ID and LITTLEMINDS_NOTIFY_TEXT_TEMPLATE_ID."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LITTLEMINDS_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# Training (issue 14): how long a freed place offered from the waiting list is held for the
# person offered it, and how long a public registrant's confirmation link works.
TRAINING_OFFER_HOURS = env_int("LITTLEMINDS_TRAINING_OFFER_HOURS", 48)
TRAINING_CONFIRM_HOURS = env_int("LITTLEMINDS_TRAINING_CONFIRM_HOURS", 24)
