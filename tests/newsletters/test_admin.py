import pytest
from django.test import Client

from newsletters.models import NewsletterIssuePage
from tests.factories import UserFactory, activate_totp, make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    user = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(user)
    client = Client()
    client.force_login(user)
    return client


def test_editors_can_add_and_edit_an_issue(admin_client, archive):
    issue = make_page(archive, NewsletterIssuePage, title="October 2020", slug="october-2020", date="2020-10-15",
                      stories=[{"type": "heading", "value": "Workshop"}])
    response = admin_client.get(f"/admin/pages/{issue.pk}/edit/")
    assert response.status_code == 200
    assert "Issue date" in response.content.decode()
    assert admin_client.get(f"/admin/pages/add/newsletters/newsletterissuepage/{archive.pk}/").status_code == 200
