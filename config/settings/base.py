"""Settings shared by every environment.

Everything that differs between machines is read from the environment here or
in the environment-specific modules; the README lists each variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "config.apps.SiteConfig",
    "home",
    "directory",
    "search",
    "problem_reports",
    "feeds",
    "imports",
    "subscriptions",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    # Staff translate pages and categories (directory.translations); its
    # locales app manages the site's languages in the admin.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.language.LanguageFromAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Form widgets render through the project's template settings, so their
# templates live in templates/ like every other (README, "Layout").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# The embedded default is a SQLite file under var/; production sets DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'directory.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Fit for a small center's site under load: readers never wait for the
    # writer (WAL); a transaction takes the write lock when it begins, so two
    # never deadlock halfway and one that must wait does so at once (IMMEDIATE);
    # and a writer waits up to `timeout` seconds for another (an import holds
    # the lock for its whole transaction) instead of failing "database is locked".
    # Each thread's connection keeps at most 512 KiB of pages (SQLite's default is
    # 2 MB): the system's file cache holds the rest once for every worker, and a
    # worker's memory stays under 150 MB at 100,000 listings (bench/load_bench.py).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-512"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("SQLITE_TIMEOUT", "30")),
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The caches. Production shares one Redis (REDIS_URL) between every worker
# and process: the feed is built once for all of them, the report form's rate
# limit and the feed's build lock hold across workers. Without REDIS_URL (the
# default in development) each process keeps its caches in memory.
# The open-data feeds keep their built bodies (megabytes each) in a cache of
# their own, so the many small entries of the default one (rate limits, image
# renditions, site roots) never push them out; feeds.meeting_guide checks the
# data on every request, so they need no expiry.
REDIS_URL = os.environ.get("REDIS_URL", "")


def cache_settings(redis_url):
    if not redis_url:
        return {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "feeds": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "feeds",
                "TIMEOUT": None,
            },
        }
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        # A request must not hang on a sick Redis; a feed body of 10 MB still
        # arrives well within the read timeout.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
    }
    return {
        "default": redis,
        # The same server; the prefix keeps the two caches' keys apart.
        "feeds": {**redis, "KEY_PREFIX": "feeds", "TIMEOUT": None},
    }


CACHES = cache_settings(REDIS_URL)
if not REDIS_URL:
    # django-axes warns that a memory cache counts sign-in failures per
    # process; development runs one web process, where it counts them all.
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The public site speaks English at its plain addresses and Spanish under /es/
# (config/urls.py); the address alone says which (config/language.py). The
# translations of the site's own words are in locale/, compiled .mo files
# included, so running the site needs no gettext tools.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Denver")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site root (/favicon.ico), served by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "public"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Anonymous visitors get no cookies: sessions exist only for signed-in staff.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# The report form's CSRF cookie ends with the browser session instead of
# lasting a year on a visitor's device.
CSRF_COOKIE_AGE = None

# Staff sign-in: after LOGIN_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair waits LOGIN_COOLOFF_MINUTES (django-axes). The
# counts live in the default cache (Redis in production), so every worker
# sees them; the address is found as for the report form (REPORT_TRUSTED_PROXIES).
AUTHENTICATION_BACKENDS = [
    # axes' backend refuses a locked-out pair and otherwise lets the next one
    # sign in; it is a ModelBackend too, so whatever takes the first backend
    # to load a user (Wagtail's test helpers) finds one that can.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
# Locking a username on its own would let anyone lock staff out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "directory.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "config.login_lockout.locked_out"

# The report form's spam guards (problem_reports.guards).
REPORT_MIN_SECONDS = float(os.environ.get("REPORT_MIN_SECONDS", "3"))
REPORT_RATE_LIMIT = int(os.environ.get("REPORT_RATE_LIMIT", "5"))
REPORT_RATE_WINDOW = int(os.environ.get("REPORT_RATE_WINDOW", "3600"))
# How many proxies in front of the site add to X-Forwarded-For: 1 behind one
# nginx or load balancer; 0 when gunicorn faces the internet itself, since a
# client can write anything in that header.
REPORT_TRUSTED_PROXIES = int(os.environ.get("REPORT_TRUSTED_PROXIES", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_query_strings": {"()": "search.privacy.RedactQueryStrings"}},
    # The process id tells gunicorn's workers apart (each has its own search breaker);
    # the time is left to whatever keeps the log (journald, the container runtime).
    "formatters": {"process": {"format": "[%(process)d] %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_query_strings"],
            "formatter": "process",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # The transport logs every request URL, and a search URL carries the
        # visitor's location; keep it to warnings.
        "elastic_transport": {"level": "WARNING"},
        "elasticsearch": {"level": "WARNING"},
        # django-axes announces itself at every start; lockouts are warnings.
        "axes": {"level": "WARNING"},
        # The development server logs each request line to its own handler.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Wagtail
# Pages have a locale for each language; a page without a translation in the
# language being read is served in its own, marked as such.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Recovery Resource Directory")
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# The admin loads nothing from other hosts: no avatars from gravatar.com, no
# look-up of Wagtail's latest release (the upgrade notice).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
# Wagtail's own admin search (pages, snippets, images) uses the database; the
# public directory search has its own engines in search/.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Directory search. ELASTICSEARCH_URL may name several nodes of one cluster,
# separated by commas.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "directory")
# A search must not hang on a sick cluster: after this many seconds the
# database answers instead.
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "1.0"))

# Maps: the admin's location picker and, on public pages, the optional map.
# Tiles load only where a map is shown; an empty value switches maps off.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")


# What pages may load (django-csp): only this site's own files, and images
# from MAP_TILE_URL's host (config.csp adds it). Public pages have no inline
# script or style; the Wagtail admin does (config.csp gives it
# ADMIN_CONTENT_SECURITY_POLICY).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        # Wagtail's admin templates hold inline scripts (inline panels, date
        # pickers) and style attributes.
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        # The page editor shows its preview in a frame of its own.
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
}
# While the cluster is unreachable the site answers from the database, and one
# health check per process asks every this many seconds whether it is back.
ELASTICSEARCH_RETRY_AFTER = float(os.environ.get("ELASTICSEARCH_RETRY_AFTER", "2"))
# How long such a health check may take.
ELASTICSEARCH_PROBE_TIMEOUT = float(os.environ.get("ELASTICSEARCH_PROBE_TIMEOUT", "2.0"))
# The background worker refreshes expiring session times and delivers search
# updates Elasticsearch has not confirmed every this many seconds (0: never).
SEARCH_SYNC_INTERVAL = float(os.environ.get("SEARCH_SYNC_INTERVAL", "60"))
# Shards of the listings index: a search uses one core per shard.
ELASTICSEARCH_SHARDS = int(os.environ.get("ELASTICSEARCH_SHARDS", "1"))

# Background work. Wagtail's own small tasks run at once ("default"); long
# work (imports) is queued in the database and run by `manage.py db_worker
# --backend background`, which `make run` starts beside the site.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Imports: the largest file staff may upload or a URL may return. A
# Meeting Guide feed of 10,000 meetings is about 8 MB.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
# Where uploaded meeting lists are kept (imports.storage): private, so not
# under MEDIA_ROOT; the web processes and the worker must share it.
IMPORTS_ROOT = Path(os.environ.get("IMPORTS_ROOT", VAR_DIR / "imports"))

# Feed subscriptions: meeting lists others publish, read on a schedule by the
# background worker. A read may take this many seconds in all, and this many
# bytes; lists are read only from public internet addresses unless
# FEED_SUBSCRIPTIONS_ALLOW_PRIVATE_ADDRESSES is true (a list on the site's own
# network, or the tests' local servers).
FEED_SUBSCRIPTIONS_TIMEOUT = float(os.environ.get("FEED_SUBSCRIPTIONS_TIMEOUT", "60"))
FEED_SUBSCRIPTIONS_MAX_BYTES = int(
    os.environ.get("FEED_SUBSCRIPTIONS_MAX_BYTES", str(IMPORT_MAX_BYTES))
)
FEED_SUBSCRIPTIONS_ALLOW_PRIVATE_ADDRESSES = (
    os.environ.get("FEED_SUBSCRIPTIONS_ALLOW_PRIVATE_ADDRESSES", "false").lower() == "true"
)
