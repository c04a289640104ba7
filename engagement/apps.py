from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = "Engagement"

    def ready(self):
        from privacy.registry import register

        from base.page_cache import purge_on_change

        from .models import Action, ActionUpdate, EvidenceLink, Theme
        from .personal_data import (
            BlockedSenderData, EqualityMonitoringData, FeedbackEqualityData, FeedbackResponseData,
            UserGroupApplicationData,
        )

        register(EqualityMonitoringData())
        register(UserGroupApplicationData())
        register(FeedbackEqualityData())  # before the responses, so erasure reports them first
        register(FeedbackResponseData())
        register(BlockedSenderData())
        # The "You said, we did" index shows themes and actions (the per-exercise page, with counts
        # and quotes that change with every response, is never kept in the page cache).
        purge_on_change(Theme, Action, ActionUpdate, EvidenceLink)
