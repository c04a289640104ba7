"""The one place where django-allauth is customised for Walsall Together."""
import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
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

    def get_login_redirect_url(self, request):
        """Staff who work in the admin land there (and, if their role needs two-factor
        authentication they have not set up, RequireMFAMiddleware sends them to set it up first).
        Everyone else keeps the usual landing; a ?next= address still wins over both."""
        if request.user.has_perm("wagtailadmin.access_admin"):
            return "/admin/"
        return super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app, **kwargs):
        """Someone who signed in within the reauthentication timeout is not asked to confirm it is
        them again: the fresh sign-in counts, as a reauthentication would."""
        request = self.request
        if request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="",
                    message=None):
        """The recovery codes message says the old codes stopped working only when there were old
        codes: when they are regenerated, not when they are first made with two-factor set-up."""
        if message_template == "mfa/messages/recovery_codes_generated.txt":
            match = getattr(request, "resolver_match", None)
            regenerated = bool(match and match.url_name == "mfa_generate_recovery_codes")
            message_context = {**(message_context or {}), "regenerated": regenerated}
        return super().add_message(request, level, message_template, message_context, extra_tags, message)
