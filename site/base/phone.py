"""Phone numbers as they are stored and looked up everywhere: digits only, so that staff find
"07700 900123" whether the person typed "+44 7700 900123" or "(07700) 900-123"."""
import re

import phonenumbers

SEPARATORS = re.compile(r"[\s\-().]")


def normalise_phone(value):
    """A phone number in one form, or None if it cannot be one.

    UK numbers become 10 or 11 digits starting with 0 ('+44 7700 900123' -> '07700900123');
    other countries' keep their code ('+33 1 23 45 67 89' -> '+33123456789', 8 to 15 digits).
    """
    digits = SEPARATORS.sub("", value or "")
    if digits.startswith("0044"):
        digits = "+44" + digits[4:]
    if digits.startswith("+44"):
        digits = "0" + digits[3:].removeprefix("0")  # "+44 (0)7700 900123" is common
    if re.fullmatch(r"0\d{9,10}", digits):
        return digits
    if re.fullmatch(r"\+[1-9]\d{7,14}", digits):
        return digits
    return None


def format_phone(value):
    """A stored phone number as people read it: UK numbers in the national format
    ('07700900461' -> '07700 900461', '01922605000' -> '01922 605000'), others in the
    international format ('+33123456789' -> '+33 1 23 45 67 89'). Anything that is not a
    number is returned as it is, so nothing a person typed is lost."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return value
    if number.country_code == 44:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
