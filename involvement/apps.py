from django.apps import AppConfig


class InvolvementConfig(AppConfig):
    name = "involvement"
    verbose_name = "Involvement payments and expenses"

    def ready(self):
        from privacy.registry import register

        from . import signal_handlers  # noqa: F401 - invites attendees to claim when attendance is recorded
        from .personal_data import ClaimData

        register(ClaimData())
