"""The demo content's texts, the demo users and the load_demo_content command (the loaded demo site
itself: test_demo_site.py)."""
import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.roles import COMMS_APPROVERS, COMMS_TEAM, HEALTHWATCH_STAFF, PARTNER_STAFF
from base.demo import content
from base.demo.users import DEMO_PASSWORD, DEMO_USERS, DemoUsersRefused, load_demo_users
from base.models import HomePage
from tests.base.test_demo_site import PAGE_URLS
from tests.seed_details import FORBIDDEN

pytestmark = pytest.mark.django_db


def test_content_has_no_personal_contact_details():
    texts = _strings({name: value for name, value in vars(content).items() if name.isupper()})
    joined = "\n".join(texts).lower()
    for text in FORBIDDEN:
        assert text not in joined
    addresses = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", joined))
    assert addresses <= {"walsall.together@walsallhealthcare.nhs.uk"}
    assert not re.search(r"\b0\d{3} ?\d{3} ?\d{4}\b", joined.replace("0303 123 1113", ""))  # only the ICO helpline


def test_demo_users_one_per_group_and_no_duplicates():
    load_demo_users()
    load_demo_users()
    User = get_user_model()
    assert User.objects.count() == len(DEMO_USERS)
    for email, groups, _, _ in DEMO_USERS:
        user = User.objects.get(email=email)
        assert user.username == email.split("@")[0]
        assert user.check_password(DEMO_PASSWORD)
        assert sorted(g.name for g in user.groups.all()) == sorted(groups)
        address = EmailAddress.objects.get(user=user)
        assert address.email == email and address.verified and address.primary
    assert User.objects.get(email="admin@example.org").is_superuser
    assert {g for _, groups, _, _ in DEMO_USERS for g in groups} >= {
        COMMS_TEAM, COMMS_APPROVERS, HEALTHWATCH_STAFF, PARTNER_STAFF}


def test_demo_users_can_sign_in(client):
    load_demo_users()
    response = client.post("/accounts/login/", {"login": "partner@example.org", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_no_demo_users_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(DemoUsersRefused):
        load_demo_users()
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "Demo users: skipped" in out.getvalue()
    assert get_user_model().objects.count() == 0
    assert HomePage.objects.exists()  # the pages are still loaded


def test_command_summary(settings):
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    first = out.getvalue()
    assert f"Pages: {len(PAGE_URLS)} created, 0 updated, 0 unchanged" in first
    assert f"Demo users: {len(DEMO_USERS)} ready" in first

    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert f"Pages: 0 created, 0 updated, {len(PAGE_URLS)} unchanged" in out.getvalue()
    assert get_user_model().objects.count() == len(DEMO_USERS)


def _strings(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []
