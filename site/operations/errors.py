"""Optional error reporting to Sentry (SENTRY_DSN), without personal data.

Sentry gets no request bodies, cookies, user details, IP addresses or local variables, and
e-mail addresses and phone numbers are removed from messages, exception values and
breadcrumbs before an event leaves the server.
"""
from .logging import scrub


def init_error_reporting(dsn, environment="production", release=None):
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=0,
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
    )


def scrub_event(event, hint=None):
    for entry in (event.get("logentry"), event.get("logging")):
        if entry:
            entry["message"] = scrub(entry.get("message"))
            entry["formatted"] = scrub(entry.get("formatted"))
            entry.pop("params", None)
    if "message" in event:
        event["message"] = scrub(event["message"])
    for exception in (event.get("exception") or {}).get("values", []):
        exception["value"] = scrub(exception.get("value"))
    request = event.get("request")
    if request:
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        request["url"] = scrub(request.get("url"))
    event.pop("user", None)
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        scrub_breadcrumb(crumb)
    return event


def scrub_breadcrumb(crumb, hint=None):
    crumb["message"] = scrub(crumb.get("message"))
    crumb.pop("data", None)
    return crumb
