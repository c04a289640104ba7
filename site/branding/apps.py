from django.apps import AppConfig


class BrandingConfig(AppConfig):
    name = "branding"
    verbose_name = "Branding assets"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401
