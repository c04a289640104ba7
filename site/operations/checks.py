"""Deployment checks (`manage.py check --deploy`) for the choices this project documents."""
from django.conf import settings
from django.core.checks import Info, Tags, register


@register(Tags.security, deploy=True)
def plain_http_trade_off(app_configs=None, **kwargs):
    """Plain HTTP (SECURE_SSL_REDIRECT=false) is a documented choice for a private network, so it
    is explained, not warned about (a warning would stop the README's start-up sequence)."""
    if not getattr(settings, "PRODUCTION", False) or settings.SECURE_SSL_REDIRECT:
        return []
    return [Info(
        "The site is served over plain HTTP (SECURE_SSL_REDIRECT=false): cookies are not marked "
        "Secure (browsers would not send them back over HTTP, refusing every form) and no HSTS is sent.",
        hint="Only on a private network you trust: anyone who can watch the network can read sign-in "
             "sessions and what residents send. Serve the site over HTTPS wherever it is reachable "
             "from the internet.",
        id="operations.I001",
    )]
