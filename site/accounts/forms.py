from allauth.account.forms import SignupForm
from django import forms

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
