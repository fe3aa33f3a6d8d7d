"""Django settings of the CPTS application.

Two modes, chosen by the environment:
- development (default): DEBUG on, SQLite file in <project>/var/cpts.sqlite3,
  a fixed development secret key;
- production (`CPTS_ENV=production`): DEBUG off, `DJANGO_SECRET_KEY` and
  `DJANGO_ALLOWED_HOSTS` required, HTTPS-only cookies and HSTS, so that
  `manage.py check --deploy` passes.
`DATABASE_URL` (postgres://user:password@host:port/name) selects PostgreSQL in
either mode. With `DATABASE_OWNER_URL` (the same database, the role that owns the
tables), the application connects as the role of `DATABASE_URL`, which owns nothing,
and migrations run as the owner (cpts.core.dbroles, docs/security.md).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parents[3]  # src/cpts/web/settings.py -> project root
VAR_DIR = Path(os.environ.get("CPTS_VAR_DIR", PROJECT_DIR / "var"))

PRODUCTION = os.environ.get("CPTS_ENV", "development") == "production"
DEBUG = not PRODUCTION and os.environ.get("DJANGO_DEBUG", "1") != "0"


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    if key:
        return key
    if DEBUG:
        return "dev-only-insecure-key-never-used-in-production-6f1c0d2e9b8a7f3e5d4c2b1a0f9e8d7c"
    raise ImproperlyConfigured("DJANGO_SECRET_KEY doit être défini hors mode développement.")


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]


def database_from_url(url: str) -> dict[str, object]:
    """The DATABASES entry for a postgres:// URL (no extra dependency)."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"DATABASE_URL : schéma non pris en charge « {parts.scheme} »")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "cpts",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
    }


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "cpts.sqlite3"),
            "OPTIONS": {"timeout": 20},
        }
    }
# The owner role of the same database, for migrations, backups and restores (cpts.core.dbroles);
# None: one role does everything (SQLite, or a single PostgreSQL role in development).
DATABASE_OWNER = database_from_url(os.environ["DATABASE_OWNER_URL"]) if os.environ.get("DATABASE_OWNER_URL") else None
DATABASE_APPLICATION = dict(DATABASES["default"])  # the application's own connection, kept while migrating
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dsfr",
    "widget_tweaks",
    "axes",
    "csp",
    "ninja",  # Swagger UI served from the package's static files, not from a CDN
    "cpts.core",
    "cpts.territories",
    "cpts.communities",
    "cpts.contracts",
    "cpts.payments",
    "cpts.api",
    "cpts.web",  # the pages (docs/web.md): templatetags, static files
    "cpts.reviews",
    "cpts.crisis",
    "cpts.steering",  # stored schedules and national steering (docs/steering.md)
    "cpts.documents",  # the documents as PDF (docs/documents.md)
    "cpts.banking",  # bank details of a CPTS (docs/bank-details.md)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, also under gunicorn (docs/production.md)
    "csp.middleware.CSPMiddleware",
    "cpts.core.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cpts.core.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cpts.core.middleware.LoginRequiredMiddleware",
    "cpts.core.middleware.CurrentOrganisationMiddleware",
    "cpts.web.middleware.InputLimitsMiddleware",  # last: the refusal page knows the user
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lock-out page
]

# Login throttling (django-axes, docs/security.md « Comptes »): after 10 wrong passwords for one
# login, or from one address, logins are refused for 15 minutes, even with the right password.
# Site and admin logins alike; a successful login resets the count.
AUTHENTICATION_BACKENDS = [
    "cpts.core.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cpts.core.throttle.locked_out"
AXES_VERBOSE = False

# Pages reachable without login (cpts.core.middleware.LoginRequiredMiddleware):
# URL names, and path prefixes. /api/ authenticates each request itself (session
# or token) and answers 401 instead of redirecting to the login page.
LOGIN_EXEMPT_URL_NAMES = {
    "login", "accessibility", "legal-notice", "personal-data", "glossary", "admin:login", "health"
}  # fmt: skip
LOGIN_EXEMPT_PATH_PREFIXES = ("/static/", "/api/")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

ROOT_URLCONF = "cpts.web.urls"
WSGI_APPLICATION = "cpts.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],  # web pages override the apps' templates
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dsfr.context_processors.site_config",
                "cpts.web.context.navigation",
            ],
        },
    },
]

# Passwords: CNIL deliberation 2022-100 (recommandation « mots de passe ») — 12 characters with
# upper case, lower case, digit and special character, or 14 with upper case, lower case and
# digit; never the login, first or last name (cpts.core.passwords).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "cpts.core.passwords.CnilPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves the static files: in production those `cpts collectstatic` gathered (compressed,
# names with a content hash, cached for a year); elsewhere straight from the apps' folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder
if PRODUCTION:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Sessions (cpts.core.sessions, docs/security.md « Comptes »): closed after 30 minutes without a
# request, and 8 hours (one working day) after the login whatever the activity.
# Content-Security-Policy (django-csp, docs/security.md « En-têtes »): scripts, style sheets, images
# and fonts from this site only; no inline script, no eval, no <style> element, no frame, no plugin.
# Style attributes are allowed: the DSFR's own script sets some (tables); they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],  # DSFR icons are partly data: URLs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features no page uses (cpts.core.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), display-capture=(), fullscreen=(self)"
)
# /api/openapi.json and /api/docs ask for a login in production (cpts.api.api).
API_DOCS_LOGIN_REQUIRED = PRODUCTION

# Management policies outside the agreement (docs/interpretations.md, "Politiques de gestion hors
# accord"): off by default, so that the ledger and the schedule follow the texts alone; a national
# decision switches one on for every CPAM (environment variable set to 1).
CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS = os.environ.get("CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS", "0") == "1"

# Request sizes (docs/input-limits.md): a body over its limit is answered 413 in French
# (cpts.web.middleware) before it is read. Django's default for forms and the API's JSON,
# and for an upload form the largest file accepted (10 Mo, cpts.reviews.files) plus 1 Mo.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2,5 Mo
CPTS_MAX_UPLOAD_BYTES = 11 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_IDLE_AGE = 30 * 60
SESSION_ABSOLUTE_AGE = 8 * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_AGE
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") != "0"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS doit être défini en production.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
