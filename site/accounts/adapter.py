"""The one place where django-allauth is customised for Walsall Together."""
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from mailer.services import queue_message


def email_domain_allowed(email):
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in {d.lower() for d in settings.PARTNER_EMAIL_DOMAINS}


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account e-mails go through the shared outbox and are sent by the task worker."""
        message = self.render_mail(template_prefix, email, context)
        queue_message(message)
