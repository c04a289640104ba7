"""The one place where django-allauth is customised for Walsall Together."""
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings

from base.views import too_many_requests
from mailer.services import queue_message

from . import sign_in_protection


def email_domain_allowed(email):
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in {d.lower() for d in settings.PARTNER_EMAIL_DOMAINS}


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account e-mails go through the shared outbox and are sent by the task worker."""
        message = self.render_mail(template_prefix, email, context)
        queue_message(message)

    def pre_authenticate(self, request, **credentials):
        """Failed sign-ins are limited by accounts.sign_in_protection, which knows a browser that
        has signed in to the account before. Beyond the limits: the 429 page, like every other
        rate limit, offering a sign-in code by e-mail, instead of a form error."""
        try:
            self._login_failed_rl_usage = sign_in_protection.count_failed_sign_in(
                request, credentials.get("email") or "", key=self._get_login_attempts_cache_key(request, **credentials),
            )
        except sign_in_protection.SignInLimited as limited:
            raise ImmediateHttpResponse(too_many_requests(request, sign_in_limited_by=limited.by)) from limited

    def post_login(self, request, user, **kwargs):
        """A complete sign-in (after two-factor authentication) makes this browser a known device."""
        response = super().post_login(request, user, **kwargs)
        sign_in_protection.remember_device(request, response, user)
        return response
