"""Shared form pieces: an id too big for any database column is an ordinary wrong choice on every
form with tick boxes of records (base.forms.RecordChoicesField), on SQLite as on PostgreSQL."""
import uuid

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured

from base.forms import PublicFormMixin
from base.models import Topic
from engagement.models import UserGroupApplication
from newsletters.models import Subscriber
from tests.engagement.conftest import PAGE_URL as JOIN_URL
from tests.engagement.conftest import join_page  # noqa: F401 - fixture
from tests.newsletters.conftest import lists, signup_page  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

HUGE = ["99999999999999999999999999", "9223372036854775808", "-9223372036854775809"]


@pytest.mark.parametrize("huge", HUGE)
def test_newsletter_sign_up_refuses_a_huge_list_id_as_a_wrong_choice(client, signup_page, lists, huge):
    response = client.post(signup_page.url, {
        "email": "sam@example.org", "consent": "on", "submission_token": str(uuid.uuid4()),
        "lists": [str(lists[0].pk), huge],
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Select from the types of e-mail shown" in html
    assert response.context["form"]["email"].value() == "sam@example.org"  # what they typed is kept
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("field", ["pathways", "programme_areas"])
def test_user_group_application_refuses_a_huge_topic_id_as_a_wrong_choice(client, join_page, field):
    step = {"pathways": "services", "programme_areas": "our-work"}[field]  # its question page
    response = client.post(f"{JOIN_URL}{step}/", {field: [str(Topic.objects.first().pk), HUGE[0]]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Select a valid choice" in html
    assert response.context["form"].errors[field]
    assert not UserGroupApplication.objects.exists()


def test_a_public_form_cannot_use_djangos_own_multiple_record_field():
    class Careless(PublicFormMixin, forms.Form):
        topics = forms.ModelMultipleChoiceField(queryset=Topic.objects.all())

    with pytest.raises(ImproperlyConfigured, match="RecordChoicesField"):
        Careless()
