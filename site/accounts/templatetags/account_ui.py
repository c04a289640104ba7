"""Make django-allauth's forms look and read like the rest of the website.

allauth builds its forms in Python, with American wording, placeholders instead of
labels and "This field is required." errors. These tags adjust a form just before it is
rendered: NHS.UK frontend classes, plain-English labels, hints and error messages, and no
placeholders. Used by templates/allauth/elements/*.html, so every allauth page gets them.
"""
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms, template
from django.core.exceptions import ValidationError
from django.contrib.auth import password_validation
from django.contrib.auth.password_validation import MinimumLengthValidator

register = template.Library()

# Labels and hints by the form's class name and field name; "*" is any allauth form.
LABELS = {
    ("*", "login"): "E-mail address",
    ("*", "email"): "E-mail address",
    ("SignupForm", "email"): "Work e-mail address",
    ("*", "password"): "Password",
    ("*", "oldpassword"): "Current password",
    ("SignupForm", "password1"): "Create a password",
    ("SignupForm", "password2"): "Confirm your password",
    ("*", "password1"): "New password",
    ("*", "password2"): "Confirm your new password",
    ("*", "remember"): "Keep me signed in on this device",
    ("AuthenticateForm", "code"): "Security code",
    ("ConfirmLoginCodeForm", "code"): "Sign-in code",
    ("ReauthenticateForm", "code"): "Security code",
    ("*", "code"): "Security code from your authenticator app",
}
HINTS = {
    ("SignupForm", "email"): "For example, name@walsallhealthcare.nhs.uk",
    ("AuthenticateForm", "code"): "Enter the 6-digit code your authenticator app shows, or one of your recovery codes.",
    ("ReauthenticateForm", "code"): "Enter the 6-digit code your authenticator app shows, or one of your recovery codes.",
    ("ConfirmLoginCodeForm", "code"): "The code is in the e-mail we have just sent you.",
    ("ActivateTOTPForm", "code"): "Enter the 6-digit code your authenticator app shows after you add this account.",
}
# What to say when a required field is left empty.
REQUIRED = {
    "login": "Enter your e-mail address",
    "email": "Enter your e-mail address",
    "password": "Enter your password",
    "oldpassword": "Enter your current password",
    "password1": "Enter a password",
    "password2": "Enter the password again",
    "code": "Enter the security code",
}
INVALID_EMAIL = "Enter an e-mail address in the right format, like name@walsallhealthcare.nhs.uk"

_account_errors = DefaultAccountAdapter.error_messages
_mfa_errors = DefaultMFAAdapter.error_messages
# allauth's messages, reworded. Keyed by allauth's English text.
REWORDED = {
    str(_account_errors["email_password_mismatch"]):
        "The e-mail address or password is not right. Check them and try again.",
    str(_account_errors["too_many_login_attempts"]):
        "You have tried to sign in too many times. Wait 5 minutes, then try again.",
    str(_account_errors["email_taken"]):
        "There is already an account with this e-mail address. Sign in, or reset your password if you have forgotten it.",
    str(_account_errors["incorrect_password"]): "The password is not right",
    str(_account_errors["enter_current_password"]): "Enter your current password",
    str(_mfa_errors["incorrect_code"]):
        "The security code is not right. Enter the code your authenticator app shows now.",
    "You must type the same password each time.": "The passwords do not match. Enter the same password twice.",
    "Enter a valid email address.": INVALID_EMAIL,
}
# allauth uses the same words for a wrong e-mailed sign-in code as for a wrong authenticator code.
REWORDED_FOR_FORM = {
    ("ConfirmLoginCodeForm", str(_account_errors["incorrect_code"])):
        "The sign-in code is not right. Enter the code from the e-mail we sent you.",
    # ACCOUNT_RATE_LIMITS["request_login_code"]: per address and per IP address.
    ("RequestLoginCodeForm", str(_account_errors["too_many_login_attempts"])):
        "We have already sent several sign-in codes. Use the code in the last e-mail we sent you "
        "(check your junk or spam folder), or wait 15 minutes and ask for a new one.",
}

WIDGET_CLASSES = {
    forms.TextInput: "nhsuk-input",
    forms.EmailInput: "nhsuk-input",
    forms.PasswordInput: "nhsuk-input",
    forms.Textarea: "nhsuk-textarea",
    forms.Select: "nhsuk-select",
    forms.CheckboxInput: "nhsuk-checkboxes__input",
}
ERROR_CLASSES = {"nhsuk-input": "nhsuk-input--error", "nhsuk-textarea": "nhsuk-textarea--error",
                 "nhsuk-select": "nhsuk-select--error"}


def _lookup(table, form, name):
    """The entry for this form's class or the allauth form it extends, else the default."""
    for cls in type(form).__mro__:
        if (cls.__name__, name) in table:
            return table[(cls.__name__, name)]
    return table.get(("*", name))


def password_hint():
    """The password rules in one plain sentence, from AUTH_PASSWORD_VALIDATORS."""
    min_length = None
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, MinimumLengthValidator):
            min_length = validator.min_length
    start = f"Use at least {min_length} characters. " if min_length else ""
    return f"{start}Do not use a common password, only numbers, or something like your e-mail address."


@register.simple_tag
def prepare_allauth_form(form):
    """Adjust an allauth form in place for NHS.UK frontend. Safe to call more than once."""
    if form is None or not isinstance(form, forms.BaseForm) or getattr(form, "_wt_prepared", False):
        return ""
    form._wt_prepared = True
    is_allauth = any(cls.__module__.startswith("allauth.") for cls in type(form).__mro__)
    for name, bound in ((name, form[name]) for name in form.fields):
        field = bound.field
        widget = field.widget
        if is_allauth:
            label = _lookup(LABELS, form, name)
            if label:
                field.label = bound.label = label
            hint = _lookup(HINTS, form, name)
            if name == "password1":
                hint = password_hint()
            elif name in ("password", "oldpassword"):
                hint = ""  # allauth's "Forgot your password?" link lives on the page instead
            if hint is not None:
                field.help_text = bound.help_text = hint
        widget.attrs.pop("placeholder", None)
        css = WIDGET_CLASSES.get(type(widget))
        if css and css not in widget.attrs.get("class", ""):
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if name in ("login", "email"):
            widget.attrs.setdefault("spellcheck", "false")
        if name == "code":
            widget.attrs["class"] += " nhsuk-input--width-10"
            widget.attrs.setdefault("spellcheck", "false")
            if type(form).__name__ == "ActivateTOTPForm":
                widget.attrs.setdefault("inputmode", "numeric")
    if form.is_bound:
        _reword_errors(form)
        for name in form.errors:
            if name in form.fields:
                widget = form.fields[name].widget
                for base_css, error_css in ERROR_CLASSES.items():
                    if base_css in widget.attrs.get("class", "") and error_css not in widget.attrs["class"]:
                        widget.attrs["class"] += f" {error_css}"
    return ""


def _reword_errors(form):
    """Swap allauth's and Django's wording for ours, keeping each error's code."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        required = str(field.error_messages.get("required", "")) if field else None
        for index, item in enumerate(errors.data):
            message = str(errors[index])
            if field is not None and message == required:
                new = REQUIRED.get(name, f"Enter {str(field.label)[:1].lower()}{str(field.label)[1:]}")
            else:
                new = REWORDED_FOR_FORM.get((type(form).__name__, message)) or REWORDED.get(message, message)
            if new != message:
                code = getattr(item, "code", None)
                errors.data[index] = ValidationError(new, code=code)


@register.simple_tag
def button_classes(tags):
    """NHS.UK button classes for allauth's button tags (e.g. "danger,delete")."""
    tags = set(tags or [])
    classes = ["nhsuk-button"]
    if tags & {"danger", "delete"}:
        classes.append("nhsuk-button--warning")
    elif tags & {"secondary", "outline", "link", "cancel"}:
        classes.append("nhsuk-button--secondary")
    if "panel" in tags:
        classes.append("nhsuk-button--small")
    return " ".join(classes)
