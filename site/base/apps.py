from django.apps import AppConfig


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = "Site pages"

    def ready(self):
        from privacy.registry import register

        from .personal_data import ContactMessageData

        register(ContactMessageData())
