"""The e-mail provider's tracking webhook (deliveries, bounces, complaints) at
/anymail/<provider>/tracking/.

Only the provider EMAIL_BACKEND sends through has one. anymail's own URLs would mount every
provider's webhooks, inbound mail included, and those of providers that need a signing key
nobody set answer every request with a server error.

The view is anymail's, except that a body that cannot be a report (not JSON, not UTF-8, the
wrong shape or types) is refused with 400 instead of a server error, which the provider would
retry for days.
"""
import functools

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailWebhookValidationFailure
from django.conf import settings
from django.http import Http404
from django.views.decorators.csrf import csrf_exempt

ANYMAIL_BACKENDS = "anymail.backends."
MALFORMED = (ValueError, TypeError, KeyError, AttributeError, IndexError)  # UnicodeDecodeError, JSONDecodeError too


def configured_provider():
    """The anymail provider EMAIL_BACKEND sends through ("postmark"), or None."""
    module = settings.EMAIL_BACKEND.rpartition(".")[0]
    return module.removeprefix(ANYMAIL_BACKENDS) if module.startswith(ANYMAIL_BACKENDS) else None


class RefuseMalformedReports:
    def parse_events(self, request):
        try:
            return super().parse_events(request)
        except MALFORMED as error:
            # A SuspiciousOperation: Django answers 400 and logs it on django.security.
            raise AnymailWebhookValidationFailure(f"Malformed {self.esp_name} tracking webhook: {error!r}") from error


@functools.cache
def tracking_view(provider):
    """anymail's tracking webhook view for `provider`, refusing malformed reports; None if it has none."""
    for pattern in anymail_urls.urlpatterns:
        if getattr(pattern, "name", None) == f"{provider}_tracking_webhook":
            anymail_view = pattern.callback.view_class
            return type(anymail_view.__name__, (RefuseMalformedReports, anymail_view), {}).as_view()
    return None


@csrf_exempt
def tracking_webhook(request, provider):
    view = tracking_view(provider) if provider == configured_provider() else None
    if view is None:
        raise Http404("This site takes no tracking reports from that e-mail provider.")
    return view(request)
