"""Public forms share one look: NHS.UK frontend classes, errors beside each field."""
import json
import uuid

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connections
from django.utils.translation import gettext_lazy as _

from base.phone import normalise_phone
from privacy.consents import current_wording


class PublicFormMixin:
    """Adds NHS.UK classes and the error hooks our form templates expect."""

    widget_classes = {
        forms.TextInput: "nhsuk-input",
        forms.EmailInput: "nhsuk-input",
        forms.NumberInput: "nhsuk-input nhsuk-input--width-4",
        forms.Textarea: "nhsuk-textarea",
        forms.Select: "nhsuk-select",
        forms.CheckboxInput: "nhsuk-checkboxes__input",
        forms.PasswordInput: "nhsuk-input",
        forms.DateInput: "nhsuk-input",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(field, RecordChoicesField):
                # Django's own field answers an out-of-range id with a server error on SQLite.
                raise ImproperlyConfigured(f"{type(self).__name__}.{name}: use base.forms.RecordChoicesField")
            css = self.widget_classes.get(type(field.widget))
            if css:
                field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()
        if self.is_bound:
            for name in self.errors:
                if name in self.fields:
                    widget = self.fields[name].widget
                    widget.attrs["aria-invalid"] = "true"
                    error_css = {"nhsuk-input": "nhsuk-input--error", "nhsuk-textarea": "nhsuk-textarea--error",
                                 "nhsuk-select": "nhsuk-select--error"}
                    for base_css, error in error_css.items():
                        if base_css in widget.attrs.get("class", ""):
                            widget.attrs["class"] += f" {error}"


class RecordChoicesField(forms.ModelMultipleChoiceField):
    """Several records chosen by id (tick boxes), for every form. An id no database column can
    hold (99999999999999999999999999) is an ordinary wrong choice: Django checks such ids for a
    single choice, but asks the database about a list of them unchecked, and SQLite's driver
    then fails with OverflowError (a server error) where PostgreSQL just finds nothing."""

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            for choice in value:
                if self._out_of_range(choice):
                    raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                          params={"value": choice})
        return super().clean(value)

    def _out_of_range(self, choice):
        model = self.queryset.model
        key = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        connection = connections[self.queryset.db]
        internal_type = key.get_internal_type()
        if internal_type not in connection.ops.integer_field_ranges:
            return False
        try:
            number = key.to_python(choice)
        except ValidationError:
            return False  # not a number at all: Django's own check says so
        low, high = connection.ops.integer_field_range(internal_type)
        return number is not None and ((low is not None and number < low) or (high is not None and number > high))


class ConsentField(forms.BooleanField):
    """A tick box whose label is the current, versioned consent wording: required, unless the
    consent is an extra the person may choose (required=False)."""

    def __init__(self, purpose, *, required=True, **kwargs):
        self.wording = current_wording(purpose)
        kwargs.setdefault("error_messages", {"required": _("Tick the box to agree, so that we can use your details.")})
        super().__init__(label=self.wording.label, required=required, **kwargs)


class EmailAddressField(forms.EmailField):
    """A person's e-mail address on a public form: one wording for its errors everywhere, and no
    longer than the database columns that keep it (254 characters, as RFC 5321 allows)."""

    def __init__(self, *, label=_("E-mail address"), **kwargs):
        error_messages = {
            "required": _("Enter your e-mail address"),
            "invalid": _("Enter an e-mail address in the right format, like name@example.com"),
            "max_length": _("Enter an e-mail address of 254 characters or fewer"),
            **kwargs.pop("error_messages", {}),
        }
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}))
        super().__init__(label=label, max_length=254, error_messages=error_messages, **kwargs)

    def widget_attrs(self, widget):
        # No maxlength: a browser would silently cut a pasted address short, and the message
        # would go to the wrong address. The length is checked here, with a clear error.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class PhoneNumberField(forms.CharField):
    """A person's phone number on a form: optional unless asked, kept in one form (base.phone)."""

    def __init__(self, *, label=_("Phone number"), **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        error_messages = {
            "required": _("Enter your phone number"),
            "invalid": _("Enter a phone number, like 01922 123456 or 07700 900123"),
            "max_length": _("Enter a phone number, like 01922 123456 or 07700 900123"),
            **kwargs.pop("error_messages", {}),
        }
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel",
                                                           "class": "nhsuk-input--width-20"}))
        super().__init__(label=label, error_messages=error_messages, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        phone = normalise_phone(value)
        if phone is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return phone


TOKEN_PROBLEM = _("We could not send this form because part of it was changed or is out of date. "
                  "Check your answers, then send it again.")


class SubmissionTokenMixin(forms.Form):
    """A hidden one-off token: the same form with the same answers, posted twice (a double click,
    a refresh), is recognised as one submission.

    The token the services see is the form's token combined with the answers, so the same token
    sent again with other answers (the person pressed Back, gave another e-mail address and sent
    again) is a new submission, never dropped as a duplicate. A token that is not one of ours
    (changed or damaged on the way) gets a message that says what to do, and the form comes back
    with a fresh one.
    """

    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def clean(self):
        cleaned = super().clean()
        if "submission_token" in self._errors:
            del self._errors["submission_token"]
            self.add_error(None, TOKEN_PROBLEM)
            self.data = self.data.copy()
            self.data[self.add_prefix("submission_token")] = str(uuid.uuid4())
        elif cleaned.get("submission_token"):
            cleaned["submission_token"] = uuid.uuid5(cleaned["submission_token"], _fingerprint(cleaned))
        return cleaned


def _fingerprint(cleaned):
    """The answers as one stable string (model choices by primary key, lists in order given)."""

    def plain(value):
        if hasattr(value, "pk"):
            return value.pk
        if isinstance(value, (list, tuple, set, frozenset)) or hasattr(value, "model"):
            return [plain(item) for item in value]
        return str(value)

    return json.dumps({name: plain(value) for name, value in cleaned.items() if name != "submission_token"},
                      sort_keys=True)


class ContactForm(PublicFormMixin, SubmissionTokenMixin, forms.Form):
    name = forms.CharField(max_length=200, label=_("Your name"),
                           error_messages={"required": _("Enter your name")},
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = EmailAddressField(label=_("Your e-mail address"), help_text=_("We will only use this to reply to you."))
    subject = forms.CharField(max_length=200, label=_("What is your message about?"),
                              error_messages={"required": _("Enter what your message is about")})
    message = forms.CharField(label=_("Your message"), max_length=5000,
                              help_text=_("Please do not include details of your health or care here."),
                              error_messages={"required": _("Enter your message"),
                                              "max_length": _("Your message must be 5,000 characters or fewer")},
                              widget=forms.Textarea(attrs={"rows": 6}))
    consent = ConsentField("contact")
