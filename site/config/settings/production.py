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

# HTTPS (the default), or plain HTTP on a private network with SECURE_SSL_REDIRECT=false. The
# cookies follow: browsers never send a Secure cookie over plain HTTP, so with Secure cookies every
# form post there would fail its CSRF check. `check --deploy` explains the trade-off
# (operations.checks) instead of warning about each setting.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365) if SECURE_SSL_REDIRECT else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL_REDIRECT
SECURE_HSTS_PRELOAD = SECURE_SSL_REDIRECT
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SECURE_SSL_REDIRECT else "http"
if not SECURE_SSL_REDIRECT:
    # Replaced by operations.I001, which says what plain HTTP gives up.
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W012", "security.W016"]
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

