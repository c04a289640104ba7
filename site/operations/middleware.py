"""A request id on every request: in logs, and sent back as X-Request-ID to match reports."""
import re
import uuid

from .logging import request_id

# A proxy's id is kept when it looks like one (letters, digits, dashes), never anything longer.
VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        value = incoming if VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = value
        token = request_id.set(value)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = value
        return response
