"""The Comms team's queue in the admin: the list, a request, moving it on, the dashboard panel."""
import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from accessible_formats.models import FormatRequest
from accounts.roles import COMMS_TEAM
from mailer.models import OutgoingEmail
from privacy.models import AuditLogEntry
from tests.permissions.conftest import make_user, signed_in

from .conftest import ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def comms(db):
    return signed_in(make_user(COMMS_TEAM))


def overdue(request, days=3):
    FormatRequest.objects.filter(pk=request.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=days))
    request.refresh_from_db()
    return request


def rows(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [row.get_text(" ", strip=True) for row in page.select("table.listing tbody tr")]


def test_the_queue_lists_requests_soonest_due_first_with_overdue_ones_said_in_words(comms, publication):
    later = ask(publication, format="audio")
    late = overdue(ask(publication, format="language", language="Polish"))
    listed = rows(comms.get(reverse("format-requests:index")))
    assert [late.reference in listed[0], later.reference in listed[1]] == [True, True]
    assert "Overdue by 3 days" in listed[0] and "Polish (another language)" in listed[0]
    assert "Due in" in listed[1]
    assert "sam.carer@example.org" not in " ".join(listed)  # contact details only on the request's page


@pytest.mark.parametrize("query, expected", [
    ("status=open", {"late", "open"}),
    ("status=done", {"done"}),
    ("format=audio", {"open"}),
    ("overdue=true", {"late"}),
])
def test_the_queue_filters_by_status_format_and_overdue(comms, publication, query, expected):
    made = {"open": ask(publication, format="audio"), "late": overdue(ask(publication)),
            "done": ask(publication)}
    comms.post(reverse("format-requests:done", args=[made["done"].pk]))
    listed = " ".join(rows(comms.get(reverse("format-requests:index") + "?" + query)))
    assert {name for name, request in made.items() if request.reference in listed} == expected


def test_the_queue_filters_by_due_date(comms, publication):
    soon, late = ask(publication), overdue(ask(publication), days=10)
    since = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    listed = " ".join(rows(comms.get(reverse("format-requests:index") + f"?due_on_from={since}")))
    assert soon.reference in listed and late.reference not in listed


def test_opening_a_request_shows_how_to_reach_them_and_is_audited(comms, publication):
    ask(publication, reply_by="phone", phone="07700900123", keep_need=True, format="braille")
    request = ask(publication, reply_by="phone", phone="07700 900123", format="audio")
    text = comms.get(reverse("format-requests:inspect", args=[request.pk])).content.decode()
    assert "07700 900123" in text
    assert "Phone them on 07700 900123 to tell them it is ready." in text
    assert "Communication need on record" in text and "Audio" in text
    entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.VIEW)
    assert entry.details == {"source": "accessible_formats.formatrequest", "id": request.pk}


def test_marking_in_progress_then_done_e_mails_the_person_and_keeps_the_history(comms, publication, commit,
                                                                                mail_outbox):
    request = ask(publication)
    comms.post(reverse("format-requests:in_progress", args=[request.pk]), {"note": "Asked the print shop"})
    with commit():
        response = comms.post(reverse("format-requests:done", args=[request.pk]),
                              {"message": "It is attached to this e-mail's reply."}, follow=True)
    text = response.content.decode()
    assert f"{request.reference} is done. We are e-mailing Sam Carer that it is ready." in text
    assert "Asked the print shop" in text  # the history on the request's page
    ready = [message for message in mail_outbox if "is ready" in message.subject]
    assert len(ready) == 1 and "It is attached to this e-mail's reply." in ready[0].body
    request.refresh_from_db()
    assert request.status == FormatRequest.Status.DONE


def test_marking_done_a_request_by_post_tells_staff_to_post_it(comms, publication, mail_outbox, commit):
    request = ask(publication, reply_by="post", address="1 High Street\nWalsall WS1 1AA")
    with commit():
        response = comms.post(reverse("format-requests:done", args=[request.pk]), follow=True)
    assert "is done. Post it to them at the address above." in response.content.decode()
    assert mail_outbox == []
    again = comms.post(reverse("format-requests:done", args=[request.pk]), follow=True)
    assert "is already done" in again.content.decode()
    assert OutgoingEmail.objects.count() == 0


def test_the_dashboard_counts_open_and_overdue_requests_for_the_comms_team(comms, publication):
    assert "Requests for other formats" not in comms.get(reverse("wagtailadmin_home")).content.decode()
    ask(publication)
    overdue(ask(publication))
    page = BeautifulSoup(comms.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = page.select_one("[aria-labelledby=format-requests-panel-heading]")
    assert "2 open requests" in panel.get_text() and "1 overdue" in panel.get_text()
    assert panel.find("a", string="1 overdue")["href"] == reverse("format-requests:index") + "?overdue=true"
