from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Newsletters"

    def ready(self):
        from privacy.registry import register

        from . import signal_handlers  # noqa: F401 - unsubscribes addresses the e-mail service reports
        from .personal_data import SubscriberData, SubscriptionData

        register(SubscriptionData())
        register(SubscriberData())
