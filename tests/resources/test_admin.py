"""In the admin, a PDF resource cannot be published without an accessible version."""
import pytest
from wagtail.test.utils.form_data import nested_form_data, streamfield

from resources.models import ResourcePage
from resources.services import MISSING_ALTERNATIVE
from accounts.roles import COMMS_APPROVERS, COMMS_TEAM
from tests.factories import UserFactory, activate_totp


def with_mfa(user):
    """Comms roles see personal data elsewhere in the admin, so they must have set up MFA."""
    activate_totp(user)
    return user


@pytest.fixture
def admin_client(client, db):
    """A Comms approver: may publish."""
    client.force_login(with_mfa(UserFactory(groups=[COMMS_TEAM, COMMS_APPROVERS])))
    return client


def post_resource(client, index, document, body=(), text_version="", publish=True, action=None):
    data = nested_form_data({
        "title": "Post COVID-19 booklet", "slug": "post-covid-19-booklet", "summary": "",
        "document": document.pk, "body": streamfield(list(body)), "text_version": text_version,
    })
    if action:
        data[action] = "yes"
    elif publish:
        data["action-publish"] = "publish"
    return client.post(f"/admin/pages/add/resources/resourcepage/{index.pk}/", data)


def test_publishing_a_pdf_without_an_accessible_version_is_refused(admin_client, resource_index, make_document):
    response = post_resource(admin_client, resource_index, make_document())
    assert response.status_code == 200
    assert MISSING_ALTERNATIVE in response.content.decode()
    assert not ResourcePage.objects.exists()


def test_publishing_a_pdf_with_an_html_version(admin_client, resource_index, make_document):
    response = post_resource(admin_client, resource_index, make_document(),
                             body=[("heading", "Feeling short of breath")])
    assert response.status_code == 302
    page = ResourcePage.objects.get()
    assert page.live and page.body[0].value == "Feeling short of breath"


def test_publishing_a_pdf_with_a_plain_text_version(admin_client, resource_index, make_document):
    response = post_resource(admin_client, resource_index, make_document(), text_version="Rest when you need to.")
    assert response.status_code == 302
    assert ResourcePage.objects.get().live


def test_a_draft_may_be_saved_before_the_accessible_version_is_written(admin_client, resource_index, make_document):
    response = post_resource(admin_client, resource_index, make_document(), publish=False)
    assert response.status_code == 302
    page = ResourcePage.objects.get()
    assert not page.live


def test_a_word_document_needs_no_alternative(admin_client, resource_index, make_document):
    response = post_resource(admin_client, resource_index, make_document(filename="leaflet.docx"))
    assert response.status_code == 302
    assert ResourcePage.objects.get().live


def test_submitting_a_pdf_for_approval_without_an_accessible_version_is_refused(
        client, resource_index, make_document):
    client.force_login(with_mfa(UserFactory(groups=[COMMS_TEAM])))
    response = post_resource(client, resource_index, make_document(), action="action-submit")
    assert response.status_code == 200
    assert MISSING_ALTERNATIVE in response.content.decode()
    assert not ResourcePage.objects.exists()
