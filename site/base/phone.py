"""Phone numbers as they are stored and looked up everywhere: digits only, so that staff find
"07700 900123" whether the person typed "+44 7700 900123" or "(07700) 900-123"."""
import re

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
