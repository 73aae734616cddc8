"""Settings for WGEC Redline, all configured from the environment or a .env file (see README, "Configuration")."""

import datetime
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from wgec.env import (
    DEFAULT_POOL_SIZE,
    database_from_url,
    env_bool,
    env_choice,
    env_file,
    env_int,
    env_list,
    env_secret,
    env_str,
    load_env_file,
    redis_cache,
    redis_channel_layer,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# A .env file in the project folder (`make serve-setup` writes one for the demo) fills in what the
# environment leaves unset, so `python manage.py …` works there as the README writes it.
ENV_FILE = env_file(BASE_DIR)
if ENV_FILE is not None:
    load_env_file(ENV_FILE)

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # First, as Channels asks: `manage.py runserver` then serves the app over ASGI with daphne, the
    # live connections (amendments/live) included.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "channels",
    "amendments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Static files are answered above, compressed already; everything else on its way out, last.
    "wgec.middleware.CompressedPagesMiddleware",
    # After whitenoise, so static files keep their far-future caching; around everything else.
    "wgec.middleware.PrivateNoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the login: a row of another working group is a 404, whoever asks.
    "wgec.middleware.WorkingGroupScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records request.user as the author of every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wgec.urls"
WSGI_APPLICATION = "wgec.wsgi.application"
# HTTP and the live connections (websockets) of every page: wgec/asgi.py.
ASGI_APPLICATION = "wgec.asgi.application"

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
                "amendments.context_processors.notices",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL"),
        base_dir=BASE_DIR,
        pool_size=env_int("DATABASE_POOL_SIZE", DEFAULT_POOL_SIZE, minimum=1, maximum=500),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# History reasons carry decision notes and revision names: no 100-character limit.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# The admin shows old versions but never restores one (its "Revert" would bypass every rule of the
# app's writes); this hides the button, amendments/admin.py refuses the POST.
SIMPLE_HISTORY_REVERT_DISABLED = True
# Backups keep datetimes to the microsecond (see amendments/backup_format.py).
SERIALIZATION_MODULES = {"wgecjson": "amendments.backup_format"}

# Rendered redlines, keyed by the versions they show (see amendments/templatetags/redlines.py), and
# the sessions (cached_db reads them from here). With REDIS_URL, one Redis holds them for every app
# instance behind the proxy, so a block rendered by one is served by all and a login holds on each;
# without it each process keeps its own (one server), where the default of 300 entries would not
# hold one report's amendments.
REDIS_URL = env_str("REDIS_URL")
# A write renders the blocks it changed (amendments/warming.py) when the cache is shared: with a
# cache per process it would fill only the writer's, at the writer's cost.
WARM_BLOCKS_ON_WRITE = bool(REDIS_URL)
# CACHE_KEY_PREFIX keeps apart two deployments (or a test run) that share one Redis.
CACHES = {
    "default": redis_cache(REDIS_URL, key_prefix=env_str("CACHE_KEY_PREFIX", "wgec"))
    or {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 50_000, minimum=100)},
    }
}

# The live layer (amendments/live): a write's notice reaches every open page through the channel
# layer. With REDIS_URL, Redis carries it between every app instance and process; without, the
# process's own memory does, which reaches the pages that process serves (one server, as
# `make run`). The prefix keeps two deployments sharing one Redis apart, as the cache's does.
CHANNEL_LAYERS = {
    "default": redis_channel_layer(REDIS_URL, prefix=env_str("CACHE_KEY_PREFIX", "wgec"))
    or {"BACKEND": "channels.layers.InMemoryChannelLayer"}
}

AUTH_USER_MODEL = "amendments.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "wgec.errors.csrf_failure"
# Uploads over the documented limit (amendments/uploads.py) are stopped before they are read.
FILE_UPLOAD_HANDLERS = [
    "amendments.importers.upload_handler.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Repeated failed logins lock the username from that address for a while (django-axes).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=2, maximum=100)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1, maximum=24 * 60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The lockout counts per client address, which django-ipware finds. AXES_PROXY_COUNT is the number of
# proxies in front of the app, each appending the address it was reached from to X-Forwarded-For:
# the client is then that many entries from the right (ipware counts the proxies listed before the
# last one, hence - 1), and what a client writes into the header itself is further left and ignored
# (IPWARE_STRICT off: a chain longer than the proxies is the client's own, not a reason to give up).
# With no proxy the header is the client's own words and is never read: REMOTE_ADDR only.
proxies_in_front = env_int("AXES_PROXY_COUNT", 0, minimum=0, maximum=5)
if proxies_in_front:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = proxies_in_front - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = None
IPWARE_STRICT = False
AUTHENTICATION_BACKENDS = [
    # The axes backend needs the request; Django's test client logs in without one, so the suite
    # runs with AXES_ENABLED=0 and switches it on in the tests of the lockout.
    *(["axes.backends.AxesStandaloneBackend"] if AXES_ENABLED else []),
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/Zurich")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Hashed, compressed file names need a collectstatic run (the Docker build and `make run` do one);
# the test suite and DEBUG runs serve the files straight from static/ through the finders.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", not STATIC_MANIFEST)

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "WGEC Redline <wgec-redline@localhost>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long a link to set a password works (the invitation of a new member, a forgotten password):
# a week, for the member who reads mail between sessions. Setting the password ends it at once.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 60 * 60

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "WGEC Redline API",
    "DESCRIPTION": "Read-only access to the draft report and the amendments a user may see (session login).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# HTTPS: on by default in production. Behind a TLS proxy that redirects by itself, set
# SECURE_SSL_REDIRECT=0 and BEHIND_PROXY=1 (the proxy must set X-Forwarded-Proto).
HTTPS = env_bool("HTTPS", not DEBUG)
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SILENCED_SYSTEM_CHECKS = []
if BEHIND_PROXY and not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS.append("security.W008")  # the proxy redirects to HTTPS
if not AXES_ENABLED:
    SILENCED_SYSTEM_CHECKS.append("axes.W003")  # the test suite's choice: the lockout is off there

# Content-Security-Policy: the app's own scripts and styles only; no inline script, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Sessions are read from the cache and kept in the database: one query less per request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12, minimum=300, maximum=60 * 60 * 24 * 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR"])},
}
