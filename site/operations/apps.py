from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Operations"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks
        from .site_url import sync_default_site_after_migrate

        # Sent once per app with models: Wagtail's core app (which holds Site) is the one to follow.
        post_migrate.connect(sync_default_site_after_migrate, sender=apps.get_app_config("wagtailcore"),
                             dispatch_uid="operations.sync_default_site")
