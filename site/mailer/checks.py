"""A deployment check: with an e-mail provider, its bounce and complaint reports must be able to
reach us, or hard-bounced and complaining addresses would go on being mailed."""
from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_webhook_secret(app_configs, **kwargs):
    if not settings.EMAIL_BACKEND.startswith("anymail."):
        return []
    if getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
        return []
    return [Warning(
        "ANYMAIL_WEBHOOK_SECRET is not set, so the e-mail provider's bounce and complaint reports "
        "(/anymail/<provider>/tracking/) are refused and nobody is ever suppressed.",
        hint='Set ANYMAIL_WEBHOOK_SECRET="user:password" and give the same credentials to the provider\'s webhook.',
        id="mailer.W001",
    )]
