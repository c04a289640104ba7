from django.apps import AppConfig


class AccessibleFormatsConfig(AppConfig):
    name = "accessible_formats"
    verbose_name = "Other formats"

    def ready(self):
        from privacy.registry import register

        from .personal_data import CommunicationNeedData, FormatRequestData

        register(FormatRequestData())
        register(CommunicationNeedData())
