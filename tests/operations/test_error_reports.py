"""Optional Sentry reports (SENTRY_DSN) leave out personal data."""
import json

from operations.errors import scrub_event
from tests.test_deployment import manage, production_env

ADDRESS = "sam.carer@example.org"


def test_events_lose_addresses_request_bodies_and_user():
    event = {
        "logentry": {"message": "Booking failed for %s", "params": [ADDRESS], "formatted": f"Booking failed for {ADDRESS}"},
        "exception": {"values": [{"type": "ValueError", "value": f"{ADDRESS} already booked, phone 07700 900123"}]},
        "request": {"url": f"https://site.example/unsubscribe/?email={ADDRESS}", "method": "POST",
                    "data": {"email": ADDRESS}, "cookies": {"sessionid": "x"}, "query_string": f"email={ADDRESS}"},
        "user": {"email": ADDRESS},
        "breadcrumbs": {"values": [{"message": f"Sent to {ADDRESS}", "data": {"to": ADDRESS}}]},
    }
    scrubbed = scrub_event(event)
    text = json.dumps(scrubbed)
    assert ADDRESS not in text and "900123" not in text
    assert scrubbed["exception"]["values"][0]["value"] == "[email removed] already booked, phone [phone removed]"
    assert "data" not in scrubbed["request"] and "cookies" not in scrubbed["request"]
    assert "user" not in scrubbed


def test_production_starts_sentry_without_personal_data_when_a_dsn_is_set(tmp_path):
    env = {**production_env(tmp_path), "SENTRY_DSN": "https://public@sentry.invalid/1"}
    result = manage("shell", "-c", (
        "import sentry_sdk, json; options = sentry_sdk.get_client().options;"
        "print(json.dumps([options['send_default_pii'], options['max_request_body_size'],"
        " options['include_local_variables'], options['before_send'].__module__]))"
    ), env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [False, "never", False, "operations.errors"]
