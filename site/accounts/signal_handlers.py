from allauth.account.signals import email_confirmed
from django.apps import apps
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from . import services
from .roles import ensure_approval_workflow, ensure_staff_groups


@receiver(post_migrate)
def create_staff_groups(sender, app_config=None, **kwargs):
    # post_migrate fires once per app; permissions of every app exist only after the last.
    last_app = [config for config in apps.get_app_configs() if config.models_module][-1]
    if app_config is not None and app_config.label == last_app.label:
        ensure_staff_groups()
        ensure_approval_workflow()


@receiver(email_confirmed)
def add_partner_staff(sender, request, email_address, **kwargs):
    services.grant_partner_staff(email_address.user, email_address.email)
