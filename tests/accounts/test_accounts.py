"""Sign-up, e-mail verification, sign-in, rate limits and two-factor authentication,
through django-allauth with our templates, using the Django test client."""
import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import resolve, reverse

from mailer.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's
NEW_PASSWORD = "Walsall-together-2024!"
LOGIN_URL = "/accounts/login/"
SIGNUP_URL = "/accounts/signup/"


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def field_group(page, field_id):
    """The NHS.UK form group holding the input with this id."""
    return page.find(id=field_id).find_parent(class_="nhsuk-form-group")


def totp_code(secret, steps=0):
    """The code an authenticator app would show now for this secret (`steps` periods later)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + steps
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(client, email, password=PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def is_signed_in(client):
    return "_auth_user_id" in client.session


# Pages use our layout ---------------------------------------------------------------


def test_login_page_uses_site_layout_with_labelled_fields(client, home_page):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    page = soup(response)
    assert page.title.string.strip() == "Staff sign in - Walsall Together"
    assert page.find("link", href=re.compile("nhsuk-frontend-10.4.2.min.css"))
    assert page.find(class_="nhsuk-header")
    assert page.find("main").h1.get_text(strip=True) == "Staff sign in"
    assert page.find("label", attrs={"for": "id_login"}).get_text(strip=True) == "E-mail address"
    assert page.find("label", attrs={"for": "id_password"}).get_text(strip=True) == "Password"
    login = page.find(id="id_login")
    assert "nhsuk-input" in login["class"]
    assert not login.has_attr("placeholder")  # a label, not a placeholder
    assert page.find("form", action=LOGIN_URL).has_attr("novalidate")
    assert page.find("a", href=reverse("account_reset_password"))
    assert not page.find(class_="nhsuk-error-summary")


def test_empty_login_shows_error_summary_and_errors_next_to_fields(client, home_page):
    response = client.post(LOGIN_URL, {"login": "", "password": ""})
    assert response.status_code == 200
    page = soup(response)
    assert page.title.string.strip().startswith("Error: ")
    summary = page.find(class_="nhsuk-error-summary")
    assert summary.find("h2").get_text(strip=True) == "There is a problem"
    links = {a["href"]: a.get_text(strip=True) for a in summary.find_all("a")}
    assert links == {"#id_login": "Enter your e-mail address", "#id_password": "Enter your password"}
    # The error summary comes before the heading
    assert summary.find_next("h1").get_text(strip=True) == "Staff sign in"
    for field_id, message in (("id_login", "Enter your e-mail address"), ("id_password", "Enter your password")):
        group = field_group(page, field_id)
        assert "nhsuk-form-group--error" in group["class"]
        error = group.find(class_="nhsuk-error-message")
        assert error["id"] == f"{field_id}-error"
        assert message in error.get_text()
        widget = page.find(id=field_id)
        assert widget["aria-invalid"] == "true"
        assert f"{field_id}-error" in widget["aria-describedby"].split()
        assert "nhsuk-input--error" in widget["class"]


def test_wrong_password_message_is_plain_english(client, home_page):
    user = UserFactory()
    response = sign_in(client, user.email, "not-my-password")
    summary = soup(response).find(class_="nhsuk-error-summary")
    assert "The e-mail address or password is not right" in summary.get_text()
    assert not is_signed_in(client)


def test_every_entrance_page_renders_in_our_layout(client, home_page):
    for name in ("account_login", "account_signup", "account_reset_password", "account_reset_password_done",
                 "account_email_verification_sent", "account_request_login_code"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        page = soup(response)
        assert page.find(class_="nhsuk-header"), name
        assert len(page.find("main").find_all("h1")) == 1, name
    bad_key = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "bad-key"}))
    assert "This link does not work" in bad_key.content.decode()
    bad_confirm = client.get(reverse("account_confirm_email", kwargs={"key": "no-such-key"}))
    assert "This link has expired or does not work" in bad_confirm.content.decode()


# Sign-up ----------------------------------------------------------------------------


def test_signup_page_explains_who_can_sign_up(client, home_page):
    html = client.get(SIGNUP_URL).content.decode()
    assert "Sign-up is for staff of Walsall Together partner organisations. Use your work e-mail address." in html


def test_signup_refused_for_non_partner_domain(client, home_page):
    response = client.post(SIGNUP_URL, {"email": "sam@gmail.com", "password1": NEW_PASSWORD,
                                        "password2": NEW_PASSWORD})
    assert response.status_code == 200
    page = soup(response)
    group = field_group(page, "id_email")
    assert "nhsuk-form-group--error" in group["class"]
    error = group.find(class_="nhsuk-error-message")
    assert "Use your work e-mail address from a Walsall Together partner organisation" in error.get_text()
    assert "id_email-error" in page.find(id="id_email")["aria-describedby"].split()
    assert page.find(id="id_email")["value"] == "sam@gmail.com"  # what they typed is kept
    summary = page.find(class_="nhsuk-error-summary")
    assert summary.find("a", href="#id_email")
    assert not get_user_model().objects.filter(email="sam@gmail.com").exists()
    assert not OutgoingEmail.objects.exists()


def test_signup_with_partner_address_verifies_by_email_and_joins_partner_staff(
    client, home_page, mailoutbox, django_capture_on_commit_callbacks
):
    email = "jo.bloggs@walsallhealthcare.nhs.uk"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email=email)
    assert not user.groups.filter(name="Partner staff").exists()
    assert not is_signed_in(client)

    # The e-mail goes through the outbox first, then the task worker sends it.
    outgoing = OutgoingEmail.objects.get(to=email)
    assert outgoing.status == OutgoingEmail.Status.SENT
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [email]
    assert message.subject == "Walsall Together: Confirm your e-mail address"
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", message.body).group(1)

    page = soup(client.get(response["Location"]))
    assert page.h1.get_text(strip=True) == "Confirm your e-mail address"

    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert email in confirm_page.content.decode()
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email=email).verified
    assert user.groups.filter(name="Partner staff").exists()

    response = sign_in(client, email, NEW_PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_unverified_user_cannot_sign_in(client, home_page, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not is_signed_in(client)
    assert client.get("/admin/").status_code == 302
    # A fresh verification e-mail is sent so that they can finish signing up.
    assert [m.to for m in mailoutbox] == [[user.email]]


# Rate limits ------------------------------------------------------------------------


def test_login_rate_limited_after_five_wrong_passwords(client, home_page):
    user = UserFactory()
    for _ in range(5):
        response = sign_in(client, user.email, "wrong-password")
        assert response.status_code == 200
        assert "The e-mail address or password is not right" in response.content.decode()
    # The 6th attempt is refused even with the right password, with the 429 page
    # (accounts.adapter turns allauth's login_failed form error into it).
    response = sign_in(client, user.email)
    assert response.status_code == 429
    page = soup(response)
    assert page.find("main").h1.get_text(strip=True) == "Too many attempts"
    assert "Wait 5 minutes, then try again." in page.get_text()
    assert page.find("a", string="reset your password")
    assert not is_signed_in(client)
    assert client.get(LOGIN_URL).status_code == 200  # the page itself still opens


def test_rate_limit_counts_per_address_not_only_per_browser(client, home_page):
    user = UserFactory()
    other = UserFactory()
    for _ in range(5):
        sign_in(client, user.email, "wrong-password")
    client.cookies.clear()
    response = sign_in(client, user.email)  # same address, new session
    assert not is_signed_in(client)
    assert response.status_code == 429
    assert sign_in(client, other.email).status_code == 429  # 5/5m/ip: same IP


def test_too_many_requests_get_the_429_page(client, home_page):
    # ACCOUNT_RATE_LIMITS keeps allauth's default "login": "30/m/ip" for sign-in attempts.
    for _ in range(30):
        assert client.post(LOGIN_URL, {"login": "", "password": ""}).status_code == 200
    response = client.post(LOGIN_URL, {"login": "", "password": ""})
    assert response.status_code == 429
    page = soup(response)
    assert page.title.string.strip() == "Too many attempts - Walsall Together"
    assert page.find("main").h1.get_text(strip=True) == "Too many attempts"
    assert "Wait 5 minutes, then try again." in page.get_text()
    assert page.find(class_="nhsuk-header")


# The admin --------------------------------------------------------------------------


def test_admin_login_redirects_to_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/admin/pages/"


def test_admin_sends_anonymous_visitors_to_allauth_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1] == (f"{LOGIN_URL}?next=%2Fadmin%2F", 302)
    assert response.status_code == 200


def test_signed_in_people_without_admin_access_are_told_not_sent_round_in_circles(client, home_page):
    partner = UserFactory(groups=["Partner staff"])
    client.force_login(partner)
    response = client.get("/admin/", follow=True)
    assert len(response.redirect_chain) == 1 and response.status_code == 403
    text = soup(response).find("main").get_text(" ", strip=True)
    assert "Your account does not have permission to see this page." in text


def test_a_page_for_one_group_refuses_others_without_a_redirect_loop(client, home_page):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from base.models import StandardPage
    from tests.factories import make_page

    page = make_page(home_page, StandardPage, title="For Healthwatch staff", slug="healthwatch-only")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Healthwatch staff"))
    assert client.get(page.url, follow=True).redirect_chain[-1][0].startswith(LOGIN_URL)  # anonymous: sign in
    client.force_login(UserFactory(groups=["Partner staff"]))
    response = client.get(page.url, follow=True)
    assert response.status_code == 403 and len(response.redirect_chain) == 1
    assert "For Healthwatch staff" not in response.content.decode()


def test_staff_without_personal_data_reach_admin_without_mfa(client, home_page):
    user = UserFactory(groups=["Comms approvers"])
    response = client.post(f"{LOGIN_URL}?next=/admin/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_healthwatch_staff_must_set_up_totp_then_use_it_to_sign_in(client, home_page):
    user = UserFactory(groups=["Healthwatch staff"])
    # "Staff sign in" with no ?next: staff land on the admin, not the public home page.
    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert is_signed_in(client)

    # The admin is closed until two-factor authentication is on: they are sent to set it up.
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_activate_totp')}?next=/admin/"
    activate_url = response["Location"]
    # They have just signed in with their password: they are not asked to confirm it is them.
    setup = client.get(activate_url)
    assert setup.status_code == 200
    page = soup(setup)
    assert page.find("main").h1.get_text(strip=True) == "Set up two-factor authentication"
    secret = client.session[SECRET_SESSION_KEY]
    assert page.find(id="authenticator_secret")["value"] == secret
    assert page.find("label", attrs={"for": "id_code"})

    # A wrong code is refused with the error next to the field.
    accepted = {totp_code(secret, steps) for steps in (-1, 0, 1)}
    wrong = client.post(reverse("mfa_activate_totp"), {"code": next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)})
    assert wrong.status_code == 200
    assert "The security code is not right" in field_group(soup(wrong), "id_code").get_text()

    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert activated.status_code == 302
    assert activated["Location"] == reverse("mfa_view_recovery_codes")
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    assert decrypt(authenticator.data["secret"]) == secret
    codes_page = client.get(activated["Location"])
    assert codes_page.status_code == 200
    assert soup(codes_page).find("a", href="/admin/", string="Continue to the admin")
    assert client.get("/admin/").status_code == 200

    # Next time, the password alone is not enough.
    client.post(reverse("account_logout"))
    assert not is_signed_in(client)
    response = client.post(f"{LOGIN_URL}?next=/admin/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client)
    assert client.get("/admin/").status_code == 302

    mfa_page = client.get(reverse("mfa_authenticate"))
    assert mfa_page.status_code == 200
    assert soup(mfa_page).find("main").h1.get_text(strip=True) == "Enter your security code"
    empty = client.post(reverse("mfa_authenticate"), {"code": ""})
    assert soup(empty).find(class_="nhsuk-error-summary").find("a", href="#id_code").get_text() == \
        "Enter the security code"

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert is_signed_in(client)
    assert client.get("/admin/").status_code == 200
    assert TOTP(authenticator).instance.user == user


def test_a_security_change_long_after_signing_in_asks_to_confirm_it_is_them(client, home_page):
    user = UserFactory(groups=["Healthwatch staff"])
    client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 3600
    session.save()
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    reauth_page = soup(client.get(response["Location"]))
    assert reauth_page.find("main").h1.get_text(strip=True) == "Confirm it is you"
    response = client.post(response["Location"], {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.parametrize("url_name, expected", [
    ("mfa_activate_totp", "You have new recovery codes."),  # set up with two-factor: there were no old codes
    ("mfa_generate_recovery_codes", "You have new recovery codes. Your old codes no longer work."),
])
def test_the_recovery_codes_message_mentions_old_codes_only_when_they_were_replaced(rf, url_name, expected):
    from django.contrib.messages import SUCCESS, get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from accounts.adapter import AccountAdapter

    request = rf.post(reverse(url_name))
    request.resolver_match = resolve(reverse(url_name))
    request.session = {}
    request._messages = FallbackStorage(request)
    AccountAdapter(request).add_message(request, SUCCESS, "mfa/messages/recovery_codes_generated.txt")
    assert [str(message) for message in get_messages(request)] == [expected]


def test_people_without_admin_access_keep_their_landing_after_signing_in(client, home_page):
    user = UserFactory()
    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    client.post(reverse("account_logout"))
    response = client.post(f"{LOGIN_URL}?next=/about/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/about/"


@pytest.mark.parametrize("steps,accepted", [(-1, True), (1, True), (-3, False)])
def test_a_code_from_a_phone_whose_clock_is_slightly_out_still_works(client, home_page, steps, accepted):
    user = UserFactory(groups=["Healthwatch staff"], mfa=True)
    secret = decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])
    sign_in(client, user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, steps)})
    assert is_signed_in(client) is accepted
    if not accepted:
        assert "The security code is not right" in field_group(soup(response), "id_code").get_text()


def test_mfa_pages_use_our_layout(client, home_page):
    user = UserFactory(groups=["Healthwatch staff"])
    sign_in(client, user.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(client.session[SECRET_SESSION_KEY])})
    for name in ("mfa_index", "mfa_view_recovery_codes", "mfa_generate_recovery_codes", "mfa_deactivate_totp",
                 "account_logout", "account_change_password"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        page = soup(response)
        assert page.find(class_="nhsuk-header"), name
        assert page.find(class_="nhsuk-breadcrumb"), name
        assert len(page.find("main").find_all("h1")) == 1, name


def test_password_reset_email_goes_through_outbox_and_link_works(
    client, home_page, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response["Location"] == reverse("account_reset_password_done")
    assert OutgoingEmail.objects.get(to=user.email).status == OutgoingEmail.Status.SENT
    message = mailoutbox[0]
    assert message.subject == "Walsall Together: Reset your password"
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.body).group(1)
    form_url = client.get(link)["Location"]  # allauth hides the key in the session
    page = soup(client.get(form_url))
    assert page.find("main").h1.get_text(strip=True) == "Choose a new password"
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    assert sign_in(client, user.email, NEW_PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_password_reset_works_for_an_account_outside_the_partner_domains(
    client, home_page, mailoutbox, django_capture_on_commit_callbacks
):
    """The partner allowlist applies to sign-up only, not to existing accounts."""
    admin = UserFactory(email="it.support@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": admin.email})
    assert response["Location"] == reverse("account_reset_password_done")
    assert mailoutbox[0].to == ["it.support@example.org"]
