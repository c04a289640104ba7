"""Logs carry no personal data: e-mail addresses and phone numbers are removed, request bodies
are never written, and production writes one JSON object per line to standard output."""
import json
import logging

import pytest
from django.test import RequestFactory
from pythonjsonlogger.json import JsonFormatter

from operations.logging import AddRequestId, ScrubPersonalData, request_id
from tests.test_deployment import manage, production_env

ADDRESS = "sam.carer@example.org"
PHONE = "07700 900123"


def formatted(record):
    # In the order of settings.LOGGING's console handler.
    assert AddRequestId().filter(record) and ScrubPersonalData().filter(record)
    return json.loads(JsonFormatter("%(levelname)s %(message)s %(request_id)s").format(record))


def make_record(msg, *args, exc_info=None, **extra):
    record = logging.LogRecord("events", logging.ERROR, __file__, 1, msg, args, exc_info)
    record.__dict__.update(extra)
    return record


def test_addresses_and_phone_numbers_are_removed_from_messages_and_their_arguments():
    line = formatted(make_record("Booking failed for %s (phone %s)", ADDRESS, PHONE, attendee=ADDRESS))
    assert line["message"] == "Booking failed for [email removed] (phone [phone removed])"
    assert line["attendee"] == "[email removed]"
    assert ADDRESS not in json.dumps(line) and PHONE not in json.dumps(line)


def test_tracebacks_are_scrubbed():
    try:
        raise ValueError(f"{ADDRESS} is already on the waiting list")
    except ValueError:
        import sys

        line = formatted(make_record("Could not book", exc_info=sys.exc_info()))
    assert "ValueError: [email removed] is already on the waiting list" in line["exc_info"]
    assert ADDRESS not in json.dumps(line)


def test_the_request_and_its_post_body_are_dropped():
    request = RequestFactory().post("/events/diabetes-workshop/book/", {"email": ADDRESS, "phone": PHONE})
    line = formatted(make_record("Internal Server Error: %s", request.path, request=request, status_code=500))
    assert line["http_method"] == "POST" and line["path"] == "/events/diabetes-workshop/book/"
    assert line["status_code"] == 500
    assert "request" not in line
    assert ADDRESS not in json.dumps(line) and "900123" not in json.dumps(line)


def test_each_line_has_the_request_id():
    token = request_id.set("abc123def456")
    try:
        line = formatted(make_record("Slow page"))
    finally:
        request_id.reset(token)
    assert line["request_id"] == "abc123def456"
    # Django logs a failed request after the middleware has finished: the id is on the request.
    request = RequestFactory().get("/health/")
    request.request_id = "fedcba987654"
    assert formatted(make_record("Service Unavailable: /health/", request=request))["request_id"] == "fedcba987654"


@pytest.mark.django_db
def test_responses_carry_a_request_id(client, home_page):
    first, second = client.get("/"), client.get("/")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]
    assert client.get("/", HTTP_X_REQUEST_ID="lb-7f3a9c21").headers["X-Request-ID"] == "lb-7f3a9c21"
    assert client.get("/", HTTP_X_REQUEST_ID="<script>").headers["X-Request-ID"] != "<script>"


def test_production_logs_are_scrubbed_json_lines_on_standard_output(tmp_path):
    result = manage("shell", "-c", (
        "import logging\n"
        "log = logging.getLogger('events.services')\n"
        f"log.error('Reminder failed for %s, phone %s', '{ADDRESS}', '{PHONE}')\n"
        "try:\n"
        f"    raise RuntimeError('ESP refused {ADDRESS}')\n"
        "except RuntimeError:\n"
        "    log.exception('Sending failed')\n"
    ), env=production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    error, exception = lines[-2:]
    assert error["level"] == "ERROR" and error["logger"] == "events.services"
    assert error["message"] == "Reminder failed for [email removed], phone [phone removed]"
    assert "time" in error and error["request_id"] == "-"
    assert "RuntimeError: ESP refused [email removed]" in exception["exc_info"]
    assert ADDRESS not in result.stdout + result.stderr
