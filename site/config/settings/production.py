"""Production: every secret from the environment; `manage.py check --deploy` is clean."""
from config.env import env_bool, env_int, env_list, env_required, env_str

from .base import *  # noqa: F401,F403
from .base import LOGGING, STORAGES

PRODUCTION = True
DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [env_required("ALLOWED_HOSTS")]

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "anymail.backends.postmark.EmailBackend")

# Load balancers probe /health/ over plain HTTP: answer it instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# JSON lines on standard output, for the platform's log collector.
LOGGING["handlers"]["console"].update(formatter=env_str("LOG_FORMAT", "json"), stream="ext://sys.stdout")

# Optional error reports to Sentry, without personal data (operations/errors.py).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from operations.errors import init_error_reporting

    init_error_reporting(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", "production"),
                         release=env_str("SENTRY_RELEASE"))

