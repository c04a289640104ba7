from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = "Engagement"

    def ready(self):
        from privacy.registry import register

        from .personal_data import EqualityMonitoringData, UserGroupApplicationData

        register(EqualityMonitoringData())
        register(UserGroupApplicationData())
