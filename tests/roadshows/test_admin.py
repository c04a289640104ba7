import pytest
from django.test import Client

from roadshows.models import RoadshowPage
from tests.factories import UserFactory, activate_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    user = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(user)
    client = Client()
    client.force_login(user)
    return client


def test_editors_can_add_and_edit_a_roadshow(admin_client, make_roadshow, recordings, video, captions):
    page = make_roadshow(video=video, captions=captions)

    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ["Date of the roadshow", "Video web address", "Captions", "Slides", "Questions and answers"]:
        assert label in html
    assert admin_client.get(f"/admin/pages/add/roadshows/roadshowpage/{recordings.pk}/").status_code == 200


def test_captions_of_an_unpublished_roadshow_are_not_served(client, make_roadshow, captions):
    page = make_roadshow(captions=captions)
    url = page.url + "captions/"
    assert client.get(url).status_code == 200
    RoadshowPage.objects.get(pk=page.pk).unpublish()
    assert client.get(url).status_code == 404
