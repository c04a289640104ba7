"""Staff privacy tools in the Wagtail admin, end to end with the Django test client."""
import csv
import io
import json

import pytest
from django.urls import reverse

from base.models import ContactMessage
from mailer.models import OutgoingEmail
from privacy.models import AuditLogEntry, ConsentRecord
from privacy.services import audit, email_digest, record_consent
from tests.factories import ContactMessageFactory, UserFactory

from .conftest import signed_in

pytestmark = pytest.mark.django_db

EMAIL = "sam.resident@example.org"
FIND_URL = reverse("personal-data:find")
EXPORT_URL = reverse("personal-data:export")
ERASE_URL = reverse("personal-data:erase")
AUDIT_LOG_URL = reverse("personal-data-audit-log:index")
MESSAGES_URL = reverse("contact-messages:index")


@pytest.fixture
def sams_data():
    message = ContactMessageFactory(email=EMAIL, name="Sam Resident", subject="Parking at the Manor",
                                    message="Is there parking?\nI use a wheelchair.")
    record_consent(EMAIL, "contact", source="/contact/")
    OutgoingEmail.objects.create(to=EMAIL, subject="Thanks for your message", body_text="Hello Sam",
                                 status=OutgoingEmail.Status.SENT)
    ContactMessageFactory(email="alex@example.org", subject="Alex's question")
    return message


def entries(action):
    return list(AuditLogEntry.objects.filter(action=action))


# Finding ----------------------------------------------------------------------------------------


def test_find_page_shows_an_address_form(staff_client_with_mfa):
    response = staff_client_with_mfa.get(FIND_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="person"' in html
    assert 'method="post"' in html
    assert not AuditLogEntry.objects.exists()


def test_search_lists_every_source_with_counts_retention_and_records(staff_client_with_mfa, healthwatch_user,
                                                                   sams_data):
    response = staff_client_with_mfa.post(FIND_URL, {"person": "  Sam.Resident@Example.org "})
    assert response.status_code == 200
    html = response.content.decode()
    results = {result["key"]: result for result in response.context["results"]}
    assert results["base.contactmessage"]["count"] == 1
    assert results["privacy.consentrecord"]["count"] == 1
    assert results["mailer.outgoingemail"]["count"] == 1
    for label in ("Contact form messages", "Consent records", "E-mails we sent"):
        assert label in html
    assert "Contact messages are deleted 365 days after they arrive." in html
    assert "Parking at the Manor" in html
    assert "Is there parking?<br>I use a wheelchair." in html
    assert "Thanks for your message" in html
    assert "Alex&#x27;s question" not in html and "Alex's question" not in html
    # Export and erase buttons post the address; it is never put in a URL.
    assert f'action="{EXPORT_URL}"' in html and f'action="{ERASE_URL}"' in html
    assert "?email=" not in html and "?person=" not in html

    [entry] = entries(AuditLogEntry.Action.SEARCH)
    assert entry.actor == healthwatch_user
    assert entry.actor_label == healthwatch_user.email
    assert entry.subject == "s***@example.org"
    assert entry.subject_digest == email_digest(EMAIL)
    assert entry.details == {"base.contactmessage": 1, "privacy.consentrecord": 1, "mailer.outgoingemail": 1}
    assert EMAIL not in json.dumps(entry.details)


def test_search_for_an_unknown_address_says_so_and_is_still_logged(staff_client_with_mfa, sams_data):
    response = staff_client_with_mfa.post(FIND_URL, {"person": "nobody@example.org"})
    assert response.status_code == 200
    assert "We hold no personal data for this e-mail address." in response.content.decode()
    [entry] = entries(AuditLogEntry.Action.SEARCH)
    assert entry.details == {}
    assert entry.subject == "n***@example.org"


def test_an_invalid_address_is_not_searched(staff_client_with_mfa, sams_data):
    response = staff_client_with_mfa.post(FIND_URL, {"person": "not an address"})
    assert response.status_code == 200
    assert response.context["form"].errors["person"] == [
        "Enter an e-mail address, like name@example.com, or a phone number, like 07700 900123"]
    assert 'value="not an address"' in response.content.decode()
    assert "results" not in response.context
    assert not AuditLogEntry.objects.exists()


def test_get_with_an_address_in_the_url_does_not_search(staff_client_with_mfa, sams_data):
    response = staff_client_with_mfa.get(FIND_URL, {"person": EMAIL})
    assert response.status_code == 200
    assert "Parking at the Manor" not in response.content.decode()
    assert not AuditLogEntry.objects.exists()


# Exporting --------------------------------------------------------------------------------------


def test_json_export(staff_client_with_mfa, healthwatch_user, sams_data):
    response = staff_client_with_mfa.post(EXPORT_URL, {"person": EMAIL, "format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    assert response["Content-Disposition"].endswith('.json"')
    assert EMAIL not in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == EMAIL
    assert data["exported_at"]
    assert set(data) == {"email", "exported_at", "base.contactmessage", "privacy.consentrecord",
                         "mailer.outgoingemail"}
    [message] = data["base.contactmessage"]
    assert message["subject"] == "Parking at the Manor"
    assert message["message"] == "Is there parking?\nI use a wheelchair."
    assert data["privacy.consentrecord"][0]["purpose"] == "contact"
    assert data["mailer.outgoingemail"][0]["subject"] == "Thanks for your message"

    [entry] = entries(AuditLogEntry.Action.EXPORT)
    assert entry.actor == healthwatch_user
    assert entry.subject == "s***@example.org"
    assert entry.details == {"format": "json", "base.contactmessage": 1, "privacy.consentrecord": 1,
                             "mailer.outgoingemail": 1}


def test_csv_export(staff_client_with_mfa, sams_data):
    ContactMessageFactory(email=EMAIL, subject="=HYPERLINK(\"http://evil.example\")")
    response = staff_client_with_mfa.post(EXPORT_URL, {"person": EMAIL, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["source", "source_label", "record", "field", "value"]
    body = rows[1:]
    assert ["base.contactmessage", "Contact form messages", "1", "subject", "'=HYPERLINK(\"http://evil.example\")"] \
        in body or ["base.contactmessage", "Contact form messages", "2", "subject",
                    "'=HYPERLINK(\"http://evil.example\")"] in body
    assert any(row[0] == "base.contactmessage" and row[3] == "message"
               and row[4] == "Is there parking?\nI use a wheelchair." for row in body)
    assert ["privacy.consentrecord", "Consent records", "1", "purpose", "contact"] in body
    assert ["mailer.outgoingemail", "E-mails we sent", "1", "subject", "Thanks for your message"] in body
    assert not any("Alex" in cell for row in body for cell in row)
    [entry] = entries(AuditLogEntry.Action.EXPORT)
    assert entry.details["format"] == "csv"
    assert entry.details["base.contactmessage"] == 2


def test_export_must_be_posted(staff_client_with_mfa, sams_data):
    response = staff_client_with_mfa.get(EXPORT_URL, {"person": EMAIL, "format": "json"})
    assert response.status_code == 302
    assert response["Location"] == FIND_URL
    assert not AuditLogEntry.objects.exists()


def test_export_with_a_bad_format_is_refused(staff_client_with_mfa, sams_data):
    response = staff_client_with_mfa.post(EXPORT_URL, {"person": EMAIL, "format": "xml"})
    assert response.status_code == 302
    assert not AuditLogEntry.objects.exists()


# Erasing ----------------------------------------------------------------------------------------


def test_erase_asks_for_confirmation_first(staff_client_with_mfa, sams_data):
    response = staff_client_with_mfa.post(ERASE_URL, {"person": EMAIL})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Contact form messages" in html and "Consent records" in html and "E-mails we sent" in html
    assert 'name="confirm"' in html
    assert "Erase 3 records" in html
    assert ContactMessage.objects.filter(email=EMAIL).exists()
    assert not entries(AuditLogEntry.Action.ERASE)


def test_erase_without_ticking_the_box_erases_nothing(staff_client_with_mfa, sams_data):
    response = staff_client_with_mfa.post(ERASE_URL, {"person": EMAIL, "confirming": "1"})
    assert response.status_code == 200
    assert "Tick the box to confirm" in response.content.decode()
    assert ContactMessage.objects.filter(email=EMAIL).exists()
    assert ConsentRecord.objects.filter(email=EMAIL).exists()
    assert not entries(AuditLogEntry.Action.ERASE)


def test_erase_with_confirmation(staff_client_with_mfa, healthwatch_user, sams_data):
    response = staff_client_with_mfa.post(ERASE_URL, {"person": EMAIL, "confirming": "1", "confirm": "on"},
                                          follow=True)
    assert response.redirect_chain[-1][0] == FIND_URL
    html = response.content.decode()
    assert "Erased 3 records" in html
    assert "s***@example.org" in html

    assert not ContactMessage.objects.filter(email=EMAIL).exists()
    assert not ConsentRecord.objects.filter(email=EMAIL).exists()
    assert not OutgoingEmail.objects.filter(to=EMAIL).exists()
    assert ContactMessage.objects.filter(email="alex@example.org").exists()

    [entry] = entries(AuditLogEntry.Action.ERASE)
    assert entry.actor == healthwatch_user
    assert entry.subject == "s***@example.org"
    assert entry.details == {"base.contactmessage": 1, "privacy.consentrecord": 1, "mailer.outgoingemail": 1}

    # Searching again finds nothing.
    response = staff_client_with_mfa.post(FIND_URL, {"person": EMAIL})
    assert "We hold no personal data for this e-mail address." in response.content.decode()
    assert all(result["count"] == 0 for result in response.context["results"])


def test_erase_must_be_posted(staff_client_with_mfa, sams_data):
    response = staff_client_with_mfa.get(ERASE_URL, {"person": EMAIL, "confirming": "1", "confirm": "on"})
    assert response.status_code == 302
    assert ContactMessage.objects.filter(email=EMAIL).exists()


def test_erase_when_there_is_nothing_to_erase(staff_client_with_mfa, sams_data):
    response = staff_client_with_mfa.post(ERASE_URL, {"person": "nobody@example.org"})
    assert response.status_code == 200
    assert "nothing to erase" in response.content.decode()


# Audit log --------------------------------------------------------------------------------------


def test_audit_log_lists_entries_without_logging_itself(staff_client_with_mfa, healthwatch_user):
    audit(healthwatch_user, AuditLogEntry.Action.EXPORT, EMAIL, format="csv", **{"base.contactmessage": 2})
    audit(None, AuditLogEntry.Action.RETENTION, **{"mailer.outgoingemail": 4})

    response = staff_client_with_mfa.get(AUDIT_LOG_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert healthwatch_user.email in html
    assert "Exported" in html and "Retention rule applied" in html
    assert "s***@example.org" in html
    assert EMAIL not in html
    assert "Contact form messages: 2" in html and "E-mails we sent: 4" in html and "Format: csv" in html
    assert AuditLogEntry.objects.count() == 2

    filtered = staff_client_with_mfa.get(AUDIT_LOG_URL, {"action": "retention"})
    assert filtered.status_code == 200
    assert list(filtered.context["object_list"]) == list(AuditLogEntry.objects.filter(action="retention"))
    results = staff_client_with_mfa.get(reverse("personal-data-audit-log:index_results"))
    assert results.status_code == 200


# Contact messages -------------------------------------------------------------------------------


def test_contact_messages_list(staff_client_with_mfa, sams_data):
    response = staff_client_with_mfa.get(MESSAGES_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Parking at the Manor" in html and "Alex&#x27;s question" in html
    assert reverse("contact-messages:inspect", args=[sams_data.pk]) in html
    # The list shows no message text and has no add, edit or delete.
    assert "wheelchair" not in html
    assert "/edit/" not in html and "/delete/" not in html and "/new/" not in html
    assert not AuditLogEntry.objects.exists()

    handled = staff_client_with_mfa.get(MESSAGES_URL, {"handled": "true"})
    assert list(handled.context["object_list"]) == []


def test_opening_a_contact_message_is_logged(staff_client_with_mfa, healthwatch_user, sams_data):
    response = staff_client_with_mfa.get(reverse("contact-messages:inspect", args=[sams_data.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Is there parking?<br>I use a wheelchair." in html and EMAIL in html
    assert "Mark as handled" in html
    [entry] = entries(AuditLogEntry.Action.VIEW)
    assert entry.actor == healthwatch_user
    assert entry.subject == "s***@example.org"
    assert entry.details == {"source": "base.contactmessage", "id": sams_data.pk}


def test_message_text_is_escaped(staff_client_with_mfa):
    message = ContactMessageFactory(message="<script>alert(1)</script>")
    html = staff_client_with_mfa.get(reverse("contact-messages:inspect", args=[message.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_superuser_with_mfa_can_use_everything_but_not_add_or_delete_messages(sams_data):
    from .conftest import activate_totp

    client = signed_in(activate_totp(UserFactory(is_superuser=True)))
    assert client.get(FIND_URL).status_code == 200
    assert client.get(AUDIT_LOG_URL).status_code == 200
    listing = client.get(MESSAGES_URL)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "/new/" not in html and "/delete/" not in html
    inspect = client.get(reverse("contact-messages:inspect", args=[sams_data.pk]))
    assert inspect.status_code == 200
    assert "/delete/" not in inspect.content.decode()
    assert client.post(FIND_URL, {"person": EMAIL}).context["total"] == 3


def test_marking_a_message_handled(staff_client_with_mfa, sams_data):
    url = reverse("contact-messages:mark_handled", args=[sams_data.pk])
    response = staff_client_with_mfa.post(url, {"handled": "1"})
    assert response.status_code == 302
    assert response["Location"] == MESSAGES_URL
    sams_data.refresh_from_db()
    assert sams_data.handled
    staff_client_with_mfa.post(url, {"handled": "0"})
    sams_data.refresh_from_db()
    assert not sams_data.handled
    assert staff_client_with_mfa.get(url).status_code == 405


# Menu and permissions ---------------------------------------------------------------------------


def test_admin_menu_has_the_personal_data_group_for_healthwatch_staff(staff_client_with_mfa):
    html = staff_client_with_mfa.get(reverse("wagtailadmin_home")).content.decode()
    assert "Personal data" in html
    assert "Find, export or erase" in html and "Contact messages" in html and "Audit log" in html


def test_admin_menu_hides_personal_data_from_comms_team(comms_client):
    response = comms_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Find, export or erase" not in html and "Audit log" not in html and "Contact messages" not in html


def test_audit_log_alone_shows_only_the_audit_log(db):
    from django.contrib.auth.models import Permission

    from privacy.views import AuditLogMenuItem, ManagePersonalDataMenuItem

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_auditlogentry"),
                              Permission.objects.get(codename="access_admin"))
    client = signed_in(user)
    assert client.get(AUDIT_LOG_URL).status_code == 200
    assert client.get(FIND_URL).status_code == 302
    request = client.get(AUDIT_LOG_URL).wsgi_request
    assert AuditLogMenuItem("Audit log", AUDIT_LOG_URL).is_shown(request)
    assert not ManagePersonalDataMenuItem("Find", FIND_URL).is_shown(request)


def _every_url(message):
    inspect = reverse("contact-messages:inspect", args=[message.pk])
    handled = reverse("contact-messages:mark_handled", args=[message.pk])
    return [
        ("get", FIND_URL, {}),
        ("post", FIND_URL, {"person": EMAIL}),
        ("post", EXPORT_URL, {"person": EMAIL, "format": "json"}),
        ("post", EXPORT_URL, {"person": EMAIL, "format": "csv"}),
        ("post", ERASE_URL, {"person": EMAIL}),
        ("post", ERASE_URL, {"person": EMAIL, "confirming": "1", "confirm": "on"}),
        ("get", AUDIT_LOG_URL, {}),
        ("get", reverse("personal-data-audit-log:index_results"), {}),
        ("get", MESSAGES_URL, {}),
        ("get", reverse("contact-messages:index_results"), {}),
        ("get", inspect, {}),
        ("post", handled, {"handled": "1"}),
    ]


@pytest.mark.parametrize("client_fixture", ["comms_client", "partner_client", "client"])
def test_everyone_else_is_turned_away_from_every_url(request, client_fixture, sams_data):
    client = request.getfixturevalue(client_fixture)
    for method, url, data in _every_url(sams_data):
        response = getattr(client, method)(url, data)
        assert response.status_code in (302, 403), (method, url, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith(url), (method, url, response["Location"])
        assert EMAIL not in response.content.decode()
    assert not AuditLogEntry.objects.exists()
    assert ContactMessage.objects.filter(email=EMAIL, handled=False).exists()
    assert ConsentRecord.objects.filter(email=EMAIL).exists()


def test_healthwatch_staff_without_mfa_are_sent_to_set_it_up(sams_data):
    from accounts.roles import HEALTHWATCH_STAFF

    client = signed_in(UserFactory(groups=[HEALTHWATCH_STAFF]))
    for url in (FIND_URL, MESSAGES_URL, AUDIT_LOG_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('mfa_activate_totp')}?next={url}"
    response = client.post(FIND_URL, {"person": EMAIL})
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert not AuditLogEntry.objects.exists()
