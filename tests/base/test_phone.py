"""Phone numbers are kept in one form, so a person is found by the number whichever way it was typed."""
import pytest
from django import forms

from base.forms import PhoneNumberField, PublicFormMixin
from base.phone import normalise_phone


@pytest.mark.parametrize("value, expected", [
    ("07700 900123", "07700900123"), ("+44 7700 900123", "07700900123"), ("0044 1922 123456", "01922123456"),
    ("+44 (0)7700 900123", "07700900123"), ("(01922) 123-456", "01922123456"), ("01922.123.456", "01922123456"),
    ("+33 1 23 45 67 89", "+33123456789"), ("+1 (202) 555-0173", "+12025550173"),
    ("12345", None), ("07700 9001234567", None), ("phone me", None), ("", None), (None, None),
    ("+0 1234 5678", None), ("+44 12", None), ("0 7700 900123 ext 4", None),
])
def test_phone_numbers_are_normalised(value, expected):
    assert normalise_phone(value) == expected


class Form(PublicFormMixin, forms.Form):
    phone = PhoneNumberField()


def test_the_field_keeps_one_form_and_explains_what_it_wants():
    form = Form({"phone": " +44 7700 900-123 "})
    assert form.is_valid() and form.cleaned_data["phone"] == "07700900123"
    assert Form({"phone": ""}).is_valid()
    wrong = Form({"phone": "call me"})
    assert not wrong.is_valid()
    assert wrong.errors["phone"] == ["Enter a phone number, like 01922 123456 or 07700 900123"]
    html = str(wrong["phone"])
    assert 'type="tel"' in html and 'autocomplete="tel"' in html and 'value="call me"' in html
    assert "nhsuk-input--error" in html
