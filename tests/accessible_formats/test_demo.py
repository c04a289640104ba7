"""The demo gives the Comms team's queue two requests, made through the service, once."""
import pytest

from accessible_formats.models import CommunicationNeed, FormatRequest
from base.demo.loader import load_demo_content

pytestmark = pytest.mark.django_db


def test_the_demo_queue_has_one_request_by_e_mail_and_one_overdue_by_phone():
    load_demo_content()
    requests = {request.reply_by: request for request in FormatRequest.objects.all()}
    assert set(requests) == {"email", "phone"}
    assert requests["email"].publication_title == "Post COVID-19 patient information booklet"
    assert requests["phone"].is_overdue() and requests["phone"].language == "Punjabi"
    assert CommunicationNeed.objects.get().email == "pat.demo@example.org"
    load_demo_content()
    assert FormatRequest.objects.count() == 2
