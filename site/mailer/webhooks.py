"""The ESP's tracking webhook, as anymail's view but answering a body that cannot be a report
(not JSON, not UTF-8, the wrong shape or types) with 400 instead of a server error, which the
ESP would retry for days. Mounted at /anymail/postmark/tracking/ ahead of anymail's own URLs."""
from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.webhooks.postmark import PostmarkTrackingWebhookView as AnymailPostmarkTrackingWebhookView

MALFORMED = (ValueError, TypeError, KeyError, AttributeError, IndexError)  # UnicodeDecodeError, JSONDecodeError too


class PostmarkTrackingWebhookView(AnymailPostmarkTrackingWebhookView):
    def parse_events(self, request):
        try:
            return super().parse_events(request)
        except MALFORMED as error:
            # A SuspiciousOperation: Django answers 400 and logs it on django.security.
            raise AnymailWebhookValidationFailure(f"Malformed {self.esp_name} tracking webhook: {error!r}") from error
