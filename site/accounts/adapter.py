"""The one place where django-allauth is customised for Walsall Together."""
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django.conf import settings
from django.core.exceptions import ValidationError

from mailer.services import queue_message


def email_domain_allowed(email):
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in {d.lower() for d in settings.PARTNER_EMAIL_DOMAINS}


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account e-mails go through the shared outbox and are sent by the task worker."""
        message = self.render_mail(template_prefix, email, context)
        queue_message(message)

    def pre_authenticate(self, request, **credentials):
        """Too many failed sign-ins (ACCOUNT_RATE_LIMITS["login_failed"]) get the 429 page, like
        every other rate limit, instead of a form error."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code == "too_many_login_attempts":
                raise ImmediateHttpResponse(respond_429(request)) from error
            raise
