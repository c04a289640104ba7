"""Logs without personal data: JSON lines in production, request ids, scrubbed messages.

ScrubPersonalData goes on every handler (settings.LOGGING): it replaces e-mail addresses and
phone numbers in the message, its arguments, extra fields and tracebacks, and drops the request
object that Django attaches to error records (it holds POST bodies, cookies and headers),
keeping only its method and path.
"""
import contextvars
import logging
import re
import traceback

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# UK numbers as people type them (07700 900123, +44 7700 900123, 0121-496-0000, (01922) 123456)
# Dates, times, durations and ids do not start like a phone number, so they are kept.
PHONE = re.compile(r"(?<![\w/.])(?:\+|\(?0)[\d()\s-]{8,}\d(?![\w/.])")
EMAIL_MASK = "[email removed]"
PHONE_MASK = "[phone removed]"

request_id = contextvars.ContextVar("request_id", default="-")

# The attributes every LogRecord has: anything else was passed as `extra`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


def scrub(text):
    """The text with e-mail addresses and phone numbers replaced."""
    if not text:
        return text
    return PHONE.sub(PHONE_MASK, EMAIL.sub(EMAIL_MASK, str(text)))


class ScrubPersonalData(logging.Filter):
    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None:
            del record.request
            record.http_method = getattr(request, "method", "")
            record.path = scrub(getattr(request, "path", ""))
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must still be logged
            message = f"{record.msg} {record.args}"
        record.msg, record.args = scrub(message), ()
        if record.exc_info:
            record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        for name, value in list(vars(record).items()):
            if name not in _STANDARD and isinstance(value, str):
                setattr(record, name, scrub(value))
        return True


class AddRequestId(logging.Filter):
    """Adds request_id: the id of the web request being handled ("-" outside one). Django logs
    a failed request after the middleware has finished, so the id is also read from the request."""

    def filter(self, record):
        record.request_id = getattr(getattr(record, "request", None), "request_id", None) or request_id.get()
        return True
