"""Settings, read from the environment.

Without DJANGO_ENV the project runs in development mode and needs no configuration.
With DJANGO_ENV=production it is strict: it refuses to start without a real secret key
and `manage.py check --deploy` is clean.
"""

import importlib.util
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tryggve.core.clients import parse_trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent
# Files this installation keeps for itself (the development secret key, the SQLite
# database); never committed.
LOCAL_DIR = Path(os.environ.get("TRYGGVE_LOCAL_DIR", BASE_DIR / ".local"))

ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
if ENVIRONMENT not in ("development", "production"):
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"


# A mistyped value stops start-up: read as false or as the default, DJANGO_SECURE_SSL_REDIRECT=ture
# would quietly turn a protection off.
_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    spelled = value.strip().lower()
    if spelled in _TRUE + _FALSE:
        return spelled in _TRUE
    raise ImproperlyConfigured(
        f"{name} must be true or false ({'/'.join(_TRUE)} or {'/'.join(_FALSE)}), not {value!r}."
    )


def _env_int(name: str, default: int, *, accepted: str = "a whole number") -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {accepted}, not {value!r}.") from None


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    if PRODUCTION:
        # Same thresholds as Django's own deploy check (security.W009).
        if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
            raise ImproperlyConfigured(
                "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production."
            )
        return key
    if key:
        return key
    # Development: generate a key once and keep it outside git.
    key_file = LOCAL_DIR / "secret_key"
    if not key_file.exists():
        LOCAL_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DJANGO_DEBUG", not PRODUCTION)

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]"
    ).split(",")
    if host.strip()
]
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list this site's host names.")
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that its admin classes apply.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # The cycle, in the order data flows (a later app may import an earlier one).
    "tryggve.core",
    "tryggve.surveys",
    "tryggve.inputs",
    "tryggve.situation",
    "tryggve.promises",
    "tryggve.followup",
    "tryggve.public",
    "tryggve.accounts",
    "tryggve.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tryggve.core.change_log.ChangeLogMiddleware",
    # Tables compress to a tenth; Django's gzip pads its output against BREACH (since 4.2).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tryggve.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tryggve.core.csp.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its own page.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Serves the collected static files (`manage.py collectstatic`) from the app server itself.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "tryggve.urls"
WSGI_APPLICATION = "tryggve.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Site-wide templates (base, 404, 500, the contact block) belong to no stage of the cycle.
        "DIRS": [BASE_DIR / "tryggve" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tryggve.public.context_processors.language_links",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{LOCAL_DIR / 'tryggve.sqlite3'}"),
        conn_max_age=_env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Bind parameters on the server so that psycopg prepares the statements a connection runs
    # again and again: PostgreSQL then plans each survey request's queries once per connection
    # instead of on every request (that planning was half of its CPU under survey load). A
    # pooler in transaction mode needs PgBouncer 1.21+ with max_prepared_statements, or
    # DATABASE_PREPARE_THRESHOLD=off.
    _prepare_threshold = (
        None
        if os.environ.get("DATABASE_PREPARE_THRESHOLD", "").strip().lower() == "off"
        else _env_int("DATABASE_PREPARE_THRESHOLD", 5, accepted="a whole number or off")
    )
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=_prepare_threshold
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    LOCAL_DIR.mkdir(parents=True, exist_ok=True)
    # Take the write lock when a transaction starts, so two requests that read and then write
    # (a double-clicked "Send") wait for each other instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    # Deleted rows (a resident's draft) are overwritten with zeros, not left in free pages.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA secure_delete = ON;"
    # Tests use a file too: an in-memory database shared with the live server's threads fails
    # at once with "table is locked" where a file waits for the lock as production does.
    DATABASES["default"]["TEST"] = {"NAME": str(LOCAL_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
# django-axes checks every login attempt first and refuses it while the account is locked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tryggve.accounts.throttle.Backend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout: after this many failed logins for one user name from one address, that pair waits.
AXES_FAILURE_LIMIT = _env_int("TRYGGVE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("TRYGGVE_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Guesses at one account from many addresses: after this many failures within a day, its logins
# wait 1 s, 2 s, 4 s … up to the maximum, except from browsers its owner logged in from before.
TRYGGVE_ACCOUNT_FAILURE_LIMIT = _env_int("TRYGGVE_ACCOUNT_FAILURE_LIMIT", 10)
TRYGGVE_ACCOUNT_DELAY_MAX_SECONDS = _env_int("TRYGGVE_ACCOUNT_DELAY_MAX_SECONDS", 300)
# Password-reset requests per hour, from one address and for one entered e-mail address.
TRYGGVE_PASSWORD_RESETS_PER_ADDRESS = _env_int("TRYGGVE_PASSWORD_RESETS_PER_ADDRESS", 5)
TRYGGVE_PASSWORD_RESETS_PER_ACCOUNT = _env_int("TRYGGVE_PASSWORD_RESETS_PER_ACCOUNT", 3)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tryggve.accounts.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "tryggve.core.clients.client_address"
AXES_USERNAME_CALLABLE = "tryggve.accounts.lockout.username"
# Our own audit log records logins; axes keeps only the failures it counts, until they cool off.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Two-factor login (TOTP, django-otp): the name the authenticator app shows.
OTP_TOTP_ISSUER = os.environ.get("TRYGGVE_TOTP_ISSUER", "Tryggve")

# Optional single sign-on with the municipality's identity provider (OpenID Connect).
OIDC_RP_CLIENT_ID = os.environ.get("TRYGGVE_OIDC_CLIENT_ID", "")
if OIDC_RP_CLIENT_ID:
    OIDC_RP_CLIENT_SECRET = os.environ.get("TRYGGVE_OIDC_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("TRYGGVE_OIDC_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["TRYGGVE_OIDC_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["TRYGGVE_OIDC_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["TRYGGVE_OIDC_USERINFO_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("TRYGGVE_OIDC_JWKS_ENDPOINT", "")
    AUTHENTICATION_BACKENDS.append("tryggve.accounts.sso.Backend")
# Staff accounts come from the administrator; single sign-on only finds them by e-mail address.
OIDC_CREATE_USER = _env_bool("TRYGGVE_OIDC_CREATE_USERS", False)
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "/konto/logga-in/?sso=fel"
# The identity provider runs its own multi-factor login, so its login counts as two-factor.
OIDC_COUNTS_AS_TWO_FACTOR = _env_bool("TRYGGVE_OIDC_COUNTS_AS_TWO_FACTOR", True)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Swedish first; English for everything; Arabic (right to left) for survey content.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English")), ("ar", _("Arabic"))]
# Staff pages and the public site are offered in these; the survey in every language above.
SITE_LANGUAGES = ("sv", "en")
# Content stored per language (modeltranslation), Swedish required, the others falling back.
MODELTRANSLATION_LANGUAGES = ("sv", "en", "ar")
MODELTRANSLATION_DEFAULT_LANGUAGE = "sv"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("sv",)
LOCALE_PATHS = [BASE_DIR / "tryggve" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", LOCAL_DIR / "media"))
# Uploaded images (safety-walk photos, logos) with more pixels than this are refused from their
# header, before any decoding: a 20 kB PNG can unpack to gigabytes (tryggve.core.files).
TRYGGVE_MAX_IMAGE_PIXELS = _env_int("TRYGGVE_MAX_IMAGE_PIXELS", 40_000_000)
# Leaflet's files come from the pinned django-leaflet package (never committed, never a CDN).
# (Found without importing it: the package reads settings when imported.)
_LEAFLET_SPEC = importlib.util.find_spec("leaflet")
if _LEAFLET_SPEC is None or not _LEAFLET_SPEC.submodule_search_locations:
    raise ImproperlyConfigured("django-leaflet is not installed: pip install -r requirements.txt")
STATICFILES_DIRS = [
    ("vendor/leaflet", Path(_LEAFLET_SPEC.submodule_search_locations[0]) / "static" / "leaflet")
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = _env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "tryggve@localhost")

# Security middleware settings. Production is strict; development runs over plain HTTP.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day, then log in again
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = _env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    if _env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The proxies whose X-Forwarded-For names the client (tryggve.core.clients): addresses or
# networks, comma-separated; empty, the peer itself is the client. The documented nginx: 127.0.0.1.
TRYGGVE_TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("TRYGGVE_TRUSTED_PROXIES", ""))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"residents": {"()": "tryggve.core.log_filters.ResidentRequestsLeftOut"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["residents"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

FORMAT_MODULE_PATH = ["tryggve.formats"]

# Rate limits and other caches. The default lives in each server process (development, tests);
# the documented setup shares memcached between gunicorn's workers (see docs/deployment.md).
# Never a database cache: the counters must not reach the database or its backups.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("DJANGO_CACHE_LOCATION", "tryggve"),
    }
}

# Survey abuse protection: counted per client under a salted hash that changes every day and
# lives only in the cache. Raise the limits for load tests; anonymity has no switch.
SURVEY_SUBMISSIONS_PER_CLIENT_PER_HOUR = _env_int("TRYGGVE_SURVEY_SUBMISSIONS_PER_HOUR", 20)
SURVEY_IDENTICAL_SUBMISSIONS_PER_HOUR = _env_int("TRYGGVE_SURVEY_IDENTICAL_PER_HOUR", 5)
# Residents' place reports, counted the same way: per client and municipality within an hour.
PLACE_REPORTS_PER_CLIENT_PER_HOUR = _env_int("TRYGGVE_PLACE_REPORTS_PER_HOUR", 10)
# How long a resident's unfinished answers are kept on the server.
SURVEY_DRAFT_HOURS = _env_int("TRYGGVE_SURVEY_DRAFT_HOURS", 48)
# Audit entries that belong to no municipality (logins, deletions) are kept this long.
AUDIT_RETENTION_DAYS = _env_int("TRYGGVE_AUDIT_RETENTION_DAYS", 2 * 365)
# Published lägesbild figures hide domains with fewer respondents than this.
SITUATION_MIN_RESPONDENTS = _env_int("TRYGGVE_SITUATION_MIN_RESPONDENTS", 30)
SITUATION_MIN_PLACES = _env_int("TRYGGVE_SITUATION_MIN_PLACES", 5)
# Where the public pages of residents' place reports put a report (situation.publication):
# "rounded", each at the middle of its square of about 100 × 100 m; "grouped", only squares
# where at least SITUATION_MIN_PLACES published reports lie, every report counted per area.
PLACE_REPORT_POINTS = os.environ.get("TRYGGVE_PLACE_REPORT_POINTS", "rounded")
if PLACE_REPORT_POINTS not in ("rounded", "grouped"):
    raise ImproperlyConfigured(
        f"TRYGGVE_PLACE_REPORT_POINTS must be rounded or grouped, not {PLACE_REPORT_POINTS!r}."
    )
# Incident descriptions, addresses and positions concern suspected offences (GDPR art. 10):
# `apply_retention` removes them this many days after the report (unless a municipality has its
# own rule); counts stay.
# Where the site is reached, for links in e-mails that scheduled commands send and in the Atom
# feeds (which, while it is unset, use the host each request came to).
SITE_URL = os.environ.get("TRYGGVE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_URL_CONFIGURED = bool(os.environ.get("TRYGGVE_SITE_URL"))
INCIDENT_RETENTION_DAYS = _env_int("TRYGGVE_INCIDENT_RETENTION_DAYS", 90)
# The Swedish word list that tells names from ordinary words when names are removed from free
# text (Debian's wswedish); without the file a short built-in list stands in (tryggve.core.scrub).
TRYGGVE_WORD_LIST = os.environ.get("TRYGGVE_WORD_LIST", "/usr/share/dict/swedish")

# Street map tiles for the maps, always served by Tryggve itself at /kartor/<z>/<x>/<y>
# (tryggve.core.tiles), so residents' browsers contact no other host. The sources: a raster
# PMTiles archive (empty: kartor/karta.pmtiles under the media folder, where load_demo writes
# the demo's invented map), then an upstream tile server that Tryggve fetches from and keeps on
# disk ("https://karta.example.se/{z}/{x}/{y}.png", a key in the query string if it needs one).
# Neither: a plain map of the areas, labelled with their names.
MAP_PMTILES = os.environ.get("TRYGGVE_MAP_PMTILES", "")
MAP_TILE_UPSTREAM = os.environ.get("TRYGGVE_MAP_TILE_UPSTREAM", "")
MAP_TILE_UPSTREAM_TIMEOUT = _env_int("TRYGGVE_MAP_TILE_UPSTREAM_TIMEOUT", 10)
MAP_TILE_CACHE_DIR = Path(os.environ.get("TRYGGVE_MAP_TILE_CACHE_DIR", LOCAL_DIR / "tile-cache"))
MAP_TILE_CACHE_MB = _env_int("TRYGGVE_MAP_TILE_CACHE_MB", 500)
# What the source requires the map to say; empty: the archive's own attribution.
MAP_TILE_ATTRIBUTION = os.environ.get("TRYGGVE_MAP_TILE_ATTRIBUTION", "")
if os.environ.get("TRYGGVE_MAP_TILE_URL"):
    # Browsers fetched tiles from that server directly; Tryggve now fetches them itself.
    raise ImproperlyConfigured(
        "TRYGGVE_MAP_TILE_URL is replaced by TRYGGVE_MAP_TILE_UPSTREAM (the same value): Tryggve "
        "now fetches and serves the tiles itself, so residents' browsers contact no other host."
    )


# A strict policy: scripts, styles and fonts only from this site, no inline code (templates
# have none; data for scripts travels in <script type="application/json">), map tiles from
# this site too (tryggve.core.tiles). The API's documentation page is left out: Swagger UI adds
# its own <style> elements.
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "EXCLUDE_URL_PREFIXES": ["/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
