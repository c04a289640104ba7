"""Fuzz the ESP's tracking webhook (/anymail/postmark/tracking/, Postmark, basic auth) with the
right credentials and malformed bodies: not JSON, JSON of the wrong shape, a real bounce with
fields missing, of the wrong type or full of junk.

For every example: never a server error (the ESP would retry a 5xx for days); a body that
cannot be a report is refused (400) or ignored (200), and a report that is recorded is complete:
one delivery event with the address, and a suppression only for the events that suppress.
"""
import base64
import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mailer.models import DeliveryEvent, Suppression

from .fuzzing import FUZZ, LONG_EMAIL, assert_answered_properly, counts, each_example_alone, junk_text

pytestmark = pytest.mark.django_db

SECRET = "postmark:hook-secret-123"
URL = "/anymail/postmark/tracking/"
AUTH = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(SECRET.encode()).decode()}

BOUNCE = {
    "RecordType": "Bounce", "MessageStream": "broadcast", "ID": 4323372036854775807, "Type": "HardBounce",
    "TypeCode": 1, "Name": "Hard bounce", "Tag": "", "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "Metadata": {}, "ServerID": 23, "Description": "The server was unable to deliver your message.",
    "Details": "smtp;550 5.1.1 The email account does not exist.", "Email": "ann@example.org",
    "From": "no-reply@walsalltogether.example", "BouncedAt": "2026-11-23T16:33:54.9070259Z",
    "DumpAvailable": True, "Inactive": True, "CanActivate": True, "Subject": "News",
}
RECORD_TYPES = ["Bounce", "Delivery", "SpamComplaint", "SubscriptionChange", "Open", "Click", "Inbound", "Nope"]

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), junk_text)
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=8)


@st.composite
def broken_bounces(draw):
    """A real bounce report with some fields dropped or given values of the wrong type."""
    report = dict(BOUNCE)
    for name in draw(st.lists(st.sampled_from(sorted(BOUNCE)), min_size=1, max_size=4, unique=True)):
        if draw(st.booleans()):
            report.pop(name)
        else:
            report[name] = draw(st.one_of(json_values, st.sampled_from(
                RECORD_TYPES + ["", "\x00", LONG_EMAIL, "ann@example.org\x00", "not-a-date", "2026-02-30T25:61:00Z"])))
    return json.dumps(report)


bodies = st.one_of(
    broken_bounces(),
    json_values.map(json.dumps),
    st.text(max_size=80),
    st.binary(max_size=80),
)


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def with_field(**changes):
    return json.dumps({**BOUNCE, **changes})


@FUZZ
@given(body=bodies)
@example(body="")
@example(body="{")
@example(body=b"\xff\xfe")
@example(body="[]")
@example(body="null")
@example(body='"Bounce"')
@example(body=json.dumps([BOUNCE]))
@example(body=with_field(Email=LONG_EMAIL))
@example(body=with_field(Email="ann@example.org\x00"))
@example(body=with_field(Email="\x00"))
@example(body=with_field(Description="bad\x00news"))
@example(body=with_field(ID="\x00"))
@example(body=with_field(Email=["ann@example.org"]))
@example(body=with_field(Email=42))
@example(body=with_field(BouncedAt="2026-02-30T25:61:00Z"))
@example(body=with_field(BouncedAt=12))
@example(body=with_field(Type=["HardBounce"]))
@example(body=with_field(RecordType=None))
@example(body=with_field(Metadata="not a dict"))
@example(body=with_field(Description=["a"]))
@example(body=with_field(MessageID={"a": 1}))
@example(body=with_field(RecordType="Delivery", DeliveredAt="yesterday"))
def test_tracking_webhook_with_malformed_bodies(client, body):
    with each_example_alone():
        before = counts(DeliveryEvent, Suppression)
        response = client.post(URL, data=body, content_type="application/json", **AUTH)
        assert_answered_properly(response)
        assert response.status_code in (200, 400)
        after = counts(DeliveryEvent, Suppression)
        if after == before:
            return
        # Recorded: one complete event for a real address; a suppression only with a suppressing event.
        assert response.status_code == 200
        assert after["DeliveryEvent"] == before["DeliveryEvent"] + 1
        event = DeliveryEvent.objects.get()
        assert "@" in event.email and "\x00" not in event.email and len(event.email) <= 254
        assert event.event_type in DeliveryEvent.EventType.values
        assert after["Suppression"] - before["Suppression"] in (0, 1)
