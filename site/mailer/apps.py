from django.apps import AppConfig


class MailerConfig(AppConfig):
    name = "mailer"
    verbose_name = "Outgoing e-mail"

    def ready(self):
        from privacy.registry import register

        from .personal_data import OutgoingEmailData

        register(OutgoingEmailData())
