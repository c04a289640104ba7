from django.apps import AppConfig


class MailerConfig(AppConfig):
    name = "mailer"
    verbose_name = "Outgoing e-mail"

    def ready(self):
        from privacy.registry import register

        from . import checks, receivers  # noqa: F401
        from .personal_data import DeliveryEventData, OutgoingEmailData, SuppressionData

        register(OutgoingEmailData())
        register(SuppressionData())
        register(DeliveryEventData())
