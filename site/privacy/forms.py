"""Forms for the staff privacy tools. Every one is POSTed, so addresses and phone numbers stay
out of URLs and logs."""
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .people import Person


class PersonField(forms.CharField):
    """An e-mail address or a phone number, cleaned to a Person."""

    default_error_messages = {
        "required": "Enter the person's e-mail address or phone number",
        "invalid": "Enter an e-mail address, like name@example.com, or a phone number, like 07700 900123",
    }

    def clean(self, value):
        value = super().clean(value)
        person = Person.of(value)
        if person.email:
            try:
                validate_email(person.email)
            except ValidationError:
                person = None
        if not person:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return person


class PersonForm(forms.Form):
    person = PersonField(
        label="E-mail address or phone number",
        help_text="What the person gave us. Upper and lower case, spaces and +44 are all treated the same.",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ExportForm(PersonForm):
    FORMATS = (("html", "Printable document"), ("json", "JSON"), ("csv", "CSV"))

    person = PersonField(widget=forms.HiddenInput, max_length=254)
    format = forms.ChoiceField(choices=FORMATS)


class EraseForm(PersonForm):
    person = PersonField(widget=forms.HiddenInput, max_length=254)
    confirm = forms.BooleanField(
        required=True,
        label="I understand that this erases everything listed above and cannot be undone",
        error_messages={"required": "Tick the box to confirm that you want to erase this data."},
    )
