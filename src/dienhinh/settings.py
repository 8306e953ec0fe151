"""One settings module, driven by environment variables.

DATABASE_URL      sqlite:////path/db.sqlite3 or postgres://user@host:5432/name
                  (default: SQLite in the data folder)
SECRET_KEY        (default: generated once and kept in the data folder)
DEBUG             true/false (default false)
ALLOWED_HOSTS     comma-separated (default: localhost names when DEBUG)
DIENHINH_DATA_DIR data folder for the SQLite file, uploads and the secret key
                  (default: ./data)
DIENHINH_X_ACCEL_REDIRECT  e.g. /protected/: files are sent by the proxy (nginx)
DIENHINH_TRUSTED_PROXIES   number of reverse proxies in front (default 0): the
                  client address for the login lock-out comes from X-Forwarded-For
DIENHINH_SECURE_COOKIES / DIENHINH_SSL_REDIRECT / DIENHINH_HSTS_SECONDS
                  production hardening behind a TLS reverse proxy
                  (default: on when DEBUG is false)
DATABASE_REPLICA_URL  a read replica of the PostgreSQL primary: discovery, reports, the
                  portal and the exports read there (core.routers); a user who has just
                  written reads the primary for DIENHINH_REPLICA_PIN_SECONDS (default 10)
CACHE_URL         shared cache: db://dienhinh_cache (default), redis://host:6379/0,
                  locmem://
EMAIL_URL-like settings: EMAIL_HOST, EMAIL_PORT, DEFAULT_FROM_EMAIL
DIENHINH_SITE_URL the public address, e.g. https://tdkt.hatinh.gov.vn, used in the
                  certificates' QR codes and in e-mail links (default: the address of
                  the request being served; links made outside a request stay paths)
"""

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
DATA_DIR = Path(os.environ.get("DIENHINH_DATA_DIR") or Path.cwd() / "data").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    # A self-hosted install should not ship a known key: make one and keep it.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    "bootstrap",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "dienhinh.core",
    "dienhinh.catalogue",
    "dienhinh.orgs",
    "dienhinh.ledger",
    "dienhinh.plans",
    "dienhinh.audit",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "dienhinh.api",
    "dienhinh.discovery",
    "dienhinh.exemplars",
    "dienhinh.notifications",
    "dienhinh.council",
    "dienhinh.decisions",
    "dienhinh.replication",
    "dienhinh.scoring",
    "dienhinh.portal",
    "dienhinh.reports",
    "dienhinh.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: it must see every write of the request to pin the user.
    "dienhinh.core.routers.ReplicaMiddleware",
    "dienhinh.core.middleware.DropNulFromQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dienhinh.core.middleware.VietnameseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "dienhinh.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "dienhinh.core.site.SiteUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dienhinh.core.middleware.DocumentRefusedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dienhinh.urls"
WSGI_APPLICATION = "dienhinh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            # The header's menu, rendered once per kind of user (home.navigation).
            "libraries": {"navigation": "dienhinh.home.navigation"},
            "builtins": ["dienhinh.core.templatetags.vn",
                         "dienhinh.catalogue.templatetags.catalogue_names",
                         # `{% url %}` with reverse() remembered (core.templatetags.links)
                         "dienhinh.core.templatetags.links"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # The data sits on SSDs (or in memory): a random read costs little more than a
    # sequential one, and with PostgreSQL's default of 4 the planner scans a province's
    # records to count a department's. Overridable with PGOPTIONS.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
        "PGOPTIONS", "-c random_page_cost=1.1")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Django's backend with a flush that passes the audit log's DELETE trigger.
    DATABASES["default"]["ENGINE"] = "dienhinh.core.sqlite3"
    # WAL and a busy timeout let the web server and the worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so that tests can run concurrent writers as production does.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

# A read replica (PostgreSQL streaming replication) for the read-mostly pages.
DIENHINH_READ_REPLICA = ""
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60)
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DIENHINH_READ_REPLICA = "replica"
DATABASE_ROUTERS = ["dienhinh.core.routers.ReplicaRouter"]
REPLICA_PIN_SECONDS = int(os.environ.get("DIENHINH_REPLICA_PIN_SECONDS", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _caches(url: str) -> dict:
    """The shared cache: the database's cache table by default (shared by every app
    server and the worker with no other service), Redis when CACHE_URL names it,
    per-process memory with `locmem://`."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    elif url.startswith("locmem://"):
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                   "LOCATION": url.removeprefix("locmem://") or "dienhinh"}
    else:
        backend = {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                   "LOCATION": url.removeprefix("db://") or "dienhinh_cache"}
    backend["TIMEOUT"] = 24 * 3600
    backend["KEY_PREFIX"] = "dienhinh"
    return {"default": backend}


CACHES = _caches(os.environ.get("CACHE_URL", ""))
# Anonymous portal pages are kept this many seconds in the shared cache, under a
# generation that every editorial write changes (portal.services.changed): a withdrawn
# consent or an unpublished story leaves at once; a scheduled story appears within it.
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "60"))

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures lock for 15 minutes — per user name whatever the
# address (guessing one account from many machines), and per address whatever the
# user name (password spraying from one machine). Each entry of the list locks on
# its own; the pair of both is covered by either. Behind a proxy, set
# DIENHINH_TRUSTED_PROXIES so that the address is the client's (core.net).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "dienhinh.core.net.client_ip"
DIENHINH_TRUSTED_PROXIES = int(os.environ.get("DIENHINH_TRUSTED_PROXIES", "0"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["dienhinh.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# No URL serves MEDIA_ROOT: every stored file goes through a view that asks the
# policy (core.files.serve_private). Behind nginx, DIENHINH_X_ACCEL_REDIRECT=/protected/
# hands the transfer to an `internal` location aliased to MEDIA_ROOT.
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
DIENHINH_X_ACCEL_REDIRECT = os.environ.get("DIENHINH_X_ACCEL_REDIRECT", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names need `collectstatic`; the plain default lets a fresh
    # install serve every asset straight from the installed packages.
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DIENHINH_STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not env_bool("DIENHINH_STATIC_MANIFEST", False)

# Web uploads over 50 MB are refused before they are read (see core.uploads).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "dienhinh.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# An XLSX is a zip: before openpyxl reads one, the sum of its members' declared sizes
# and each large member's compression ratio are checked (core.uploads.zip_bomb_reason),
# so a small file that inflates to gigabytes is refused unread.
ARCHIVE_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("DIENHINH_ARCHIVE_MAX_UNCOMPRESSED_BYTES", str(200 * 1024 * 1024))
)
ARCHIVE_MAX_RATIO = int(os.environ.get("DIENHINH_ARCHIVE_MAX_RATIO", "100"))
# openpyxl holds an XLSX's shared strings in memory (ledger.imports.readers).
XLSX_MAX_SHARED_STRINGS_BYTES = 40 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "DIENHINH_TASK_BACKEND", "django_tasks_db.DatabaseBackend"
        )
    }
}

# Security headers. Every asset is served by the application itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's database sessions, read with one plain statement (core.sessions).
SESSION_ENGINE = "dienhinh.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
_secure = env_bool("DIENHINH_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SECURE_SSL_REDIRECT = env_bool("DIENHINH_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DIENHINH_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "dienhinh@localhost")
DIENHINH_SITE_URL = os.environ.get("DIENHINH_SITE_URL", "").strip().rstrip("/")
# Days before a plan deadline when `dienhinh remind` reminds the responsible people.
REMINDER_DAYS = [int(d) for d in env_list("DIENHINH_REMINDER_DAYS", ["7", "1"])]
# Argon2id cost of the tellers' passphrase of a secret ballot (council.sealing.KDF_LIMITS):
# "moderate" (256 MiB, about a second) makes guessing it from a copy of the database slow.
BALLOT_KDF = os.environ.get("DIENHINH_BALLOT_KDF", "moderate")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# REST API (dienhinh.api): session (with CSRF) or token authentication, JSON only,
# scoped by dienhinh.policy in every view. Rates can be tuned per deployment.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous request is answered 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["dienhinh.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "dienhinh.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "dienhinh.api.throttling.AnonThrottle",
        "dienhinh.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("DIENHINH_API_ANON_RATE", "60/minute"),
        "user": os.environ.get("DIENHINH_API_USER_RATE", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "dienhinh.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "dienhinh API",
    "DESCRIPTION": (
        "API của hệ thống điển hình tiên tiến: đơn vị, cá nhân, sổ thành tích, danh mục. Xác thực "
        "bằng phiên đăng nhập (kèm CSRF) hoặc khóa truy cập (`Authorization: Token …`)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CompiledListStatusEnum": "dienhinh.exemplars.models.CompiledList.STATUS_CHOICES",
        "ScoringRoundStatusEnum": "dienhinh.scoring.models.Round.STATUS_CHOICES",
        "ScoreSheetStatusEnum": "dienhinh.scoring.models.ScoreSheet.STATUS_CHOICES",
        "EmulationGroupKindEnum": "dienhinh.scoring.models.EmulationGroup.Kind",
        "ConferenceKindEnum": "dienhinh.replication.models.Conference.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "dienhinh.api.schema.document_common_errors",
    ],
}
