from allauth.account.forms import SignupForm
from django import forms
from django.contrib.auth.hashers import make_password

from .adapter import email_domain_allowed


class PartnerSignupForm(SignupForm):
    """Sign-up is for partner organisations' staff only, with a work e-mail address."""

    def clean_email(self):
        email = super().clean_email()
        if email and not email_domain_allowed(email):
            raise forms.ValidationError(
                "Use your work e-mail address from a Walsall Together partner organisation. "
                "Residents do not need an account to use this website.",
                code="not_partner_domain",
            )
        return email

    def try_save(self, request):
        """For an address that already has an account, allauth creates nothing and e-mails the
        account instead (ACCOUNT_PREVENT_ENUMERATION): the page is the same as for a new account,
        but without hashing the password it came back several times faster, which told who has an
        account. Hash the offered password anyway (and throw the hash away), so both take as long."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
