"""Failed sign-ins are slowed down without letting a stranger lock a member of staff out.

django-allauth counts failed password sign-ins per internet address and per e-mail address
(ACCOUNT_RATE_LIMITS["login_failed"], "5/5m/ip,5/5m/key"). The per-e-mail-address count on its
own lets anyone who knows a staff address keep its owner out: five wrong passwords from anywhere
every five minutes. So the rules are:

- the per-internet-address limits always apply: one machine can only guess slowly;
- the per-e-mail-address limits do not apply in a browser that has signed in to that account
  before. A complete sign-in (two-factor authentication included, when the account has it)
  leaves a signed "known device" cookie holding a keyed hash of each of the account's
  addresses, so the cookie names no one and cannot be made up for someone else's address;
- when the per-e-mail-address limit refuses a sign-in, the owner of an account with that
  address is told by e-mail (at most once an hour) that someone is trying to guess the password,
  with a link to sign in with a code e-mailed to them (allauth's login by code, which still asks
  for the authenticator code after it);
- the 429 page that refuses the sign-in offers the same e-mailed code. It reads the same whether
  or not there is an account with the address.
"""
from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import filter_users_by_email
from allauth.core.internal import ratelimit
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.crypto import salted_hmac

KNOWN_DEVICE_COOKIE = "wt_known_device"
_SALT = "accounts.sign_in_protection.known_device"
# A shared office computer may be used by a few people; more than this and the oldest is forgotten.
ACCOUNTS_PER_DEVICE = 5
WARNING_INTERVAL_SECONDS = 60 * 60

LIMITED_BY_INTERNET_ADDRESS = "internet_address"
LIMITED_BY_EMAIL_ADDRESS = "email_address"


class SignInLimited(Exception):
    """Too many failed sign-ins; `by` is LIMITED_BY_INTERNET_ADDRESS or LIMITED_BY_EMAIL_ADDRESS."""

    def __init__(self, by):
        super().__init__(by)
        self.by = by


def _address_token(email):
    return salted_hmac(_SALT, email.strip().lower()).hexdigest()[:32]


def _cookie_max_age():
    return settings.SIGN_IN_KNOWN_DEVICE_DAYS * 24 * 60 * 60


def _known_tokens(request):
    value = request.get_signed_cookie(KNOWN_DEVICE_COOKIE, default="", salt=_SALT, max_age=_cookie_max_age())
    return [token for token in value.split(",") if token]


def is_known_device(request, email):
    """Has this browser completed a sign-in to the account with this address before?"""
    return bool(email) and _address_token(email) in _known_tokens(request)


def remember_device(request, response, user):
    """After a complete sign-in: this browser may sign in to `user` without the per-e-mail limit."""
    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)} - {""}
    tokens = sorted(_address_token(email) for email in addresses if email)
    tokens += [token for token in _known_tokens(request) if token not in tokens]
    response.set_signed_cookie(
        KNOWN_DEVICE_COOKIE, ",".join(tokens[:ACCOUNTS_PER_DEVICE]), salt=_SALT, max_age=_cookie_max_age(),
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )


def _rates_config(per_key):
    """allauth's login_failed rates, only those per e-mail address ("key") or only the others."""
    rates = (account_settings.RATE_LIMITS.get("login_failed") or "").split(",")
    chosen = [rate.strip() for rate in rates if rate.strip() and
              (ratelimit.parse_rate(rate.strip()).per == "key") == per_key]
    return {"login_failed": ",".join(chosen)}


def count_failed_sign_in(request, email, key):
    """Count one password sign-in against ACCOUNT_RATE_LIMITS["login_failed"], the same counters
    allauth keeps (so a password reset still clears them). Returns the usage, to be rolled back
    when the password turns out right; raises SignInLimited when a limit is reached. The
    per-e-mail-address limits are skipped in a browser known to that account (see above)."""
    usage = ratelimit.consume(request, app="allauth.account", action="login_failed",
                              config=_rates_config(per_key=False), key=key)
    if not usage:
        raise SignInLimited(LIMITED_BY_INTERNET_ADDRESS)
    if not is_known_device(request, email):
        per_address = ratelimit.consume(request, app="allauth.account", action="login_failed",
                                        config=_rates_config(per_key=True), key=key)
        if not per_address:
            warn_account_owner(request, email)
            raise SignInLimited(LIMITED_BY_EMAIL_ADDRESS)
        usage.usage.extend(per_address.usage)
    return usage


def warn_account_owner(request, email):
    """Tell the owner of the account with this address, at most once an hour, that someone is
    trying to guess its password, and how to sign in regardless."""
    if not email or not cache.add(f"accounts:guessing-warned:{_address_token(email)}", True,
                                  WARNING_INTERVAL_SECONDS):
        return
    if not filter_users_by_email(email, is_active=True, prefer_verified=True):
        return
    context = {
        "login_code_url": build_absolute_uri(request, reverse("account_request_login_code")),
        "password_reset_url": build_absolute_uri(request, reverse("account_reset_password")),
    }
    get_adapter(request).send_mail("account/email/sign_in_attempts", email, context)
