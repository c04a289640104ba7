from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = "Engagement"

    def ready(self):
        from privacy.registry import register

        from base.page_cache import purge_on_change

        from .models import Action, ActionUpdate, Answer, EvidenceLink, Response, Theme
        from .personal_data import (
            BlockedSenderData, EqualityMonitoringData, FeedbackEqualityData, FeedbackResponseData,
            UserGroupApplicationData,
        )

        register(EqualityMonitoringData())
        register(UserGroupApplicationData())
        register(FeedbackEqualityData())  # before the responses, so erasure reports them first
        register(FeedbackResponseData())
        register(BlockedSenderData())
        # The "You said, we did" pages show themes, actions and approved quotes: a quote staff
        # withdraw (rejected, flagged for safeguarding, erased) leaves every cached copy at once.
        # A new response changes only the counts, which may lag by PAGE_CACHE_SECONDS.
        purge_on_change(Theme, Action, ActionUpdate, EvidenceLink)
        purge_on_change(Response, Answer, not_on_create=True)
