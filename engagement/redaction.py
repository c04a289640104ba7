"""Finding what should not be published in a response, and checking a redaction.

`suggest()` finds e-mail addresses, NHS numbers (10 digits that pass the NHS modulus 11
check), UK phone numbers (Google's libphonenumber, through `phonenumbers`) and names (after
"my name is", and after titles such as "Dr" or "Mrs"). They are only suggestions: staff see
them highlighted, start from the text with them removed, and decide.

`check_redaction()` is the rule that a published version may only take words out of what the
person wrote (replaced by a marker such as "[removed]"), never put words in their mouth.
"""
import re
from dataclasses import dataclass

import phonenumbers
from django.utils.html import escape
from django.utils.safestring import mark_safe

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
NHS_NUMBER = re.compile(r"(?<![\d\w])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d\w])")
_NAME_WORD = r"[A-Z][a-z'’-]+"
TITLED_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Nurse|Sister|Prof|Professor|Councillor|Cllr)\.?\s+"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD})?")
INTRODUCED_NAME = re.compile(
    r"\b(?i:my name is|my name's|i am called|i'm called|my names)\s+"
    rf"(?P<name>[A-Za-z][a-z'’-]+(?:\s+{_NAME_WORD})?)")
# What a removed part is replaced with; staff may also type "[removed]" themselves.
MARKER = re.compile(r"\[[A-Za-z -]*removed\]")
REPLACEMENTS = {
    "email": "[e-mail address removed]",
    "nhs_number": "[NHS number removed]",
    "phone": "[phone number removed]",
    "name": "[name removed]",
}
LABELS = {"email": "e-mail address", "nhs_number": "NHS number", "phone": "phone number", "name": "name"}


class RedactionError(ValueError):
    """A 'redacted' text that adds to or changes what the person wrote."""


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    kind: str  # a key of REPLACEMENTS

    @property
    def replacement(self):
        return REPLACEMENTS[self.kind]

    @property
    def label(self):
        return LABELS[self.kind]

    @property
    def label_with_article(self):
        return f"{'an' if self.kind in ('email', 'nhs_number') else 'a'} {self.label}"


def is_valid_nhs_number(digits):
    """The NHS number check digit (modulus 11): weights 10 to 2 on the first nine digits."""
    digits = re.sub(r"\D", "", digits or "")
    if len(digits) != 10:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def suggest(text):
    """Non-overlapping suggestions, in the order they appear. Where two overlap, the more
    specific kind wins (e-mail, then NHS number, then phone number, then name)."""
    text = text or ""
    found = [Suggestion(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    found += [Suggestion(m.start(), m.end(), "nhs_number") for m in NHS_NUMBER.finditer(text)
              if is_valid_nhs_number(m.group(0))]
    found += [Suggestion(m.start, m.end, "phone")
              for m in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)]
    found += [Suggestion(m.start(), m.end(), "name") for m in TITLED_NAME.finditer(text)]
    found += [Suggestion(m.start("name"), m.end("name"), "name") for m in INTRODUCED_NAME.finditer(text)]
    chosen = []
    for suggestion in found:  # in priority order
        if all(suggestion.end <= kept.start or suggestion.start >= kept.end for kept in chosen):
            chosen.append(suggestion)
    return sorted(chosen, key=lambda s: s.start)


def apply(text, suggestions=None):
    """`text` with each suggestion replaced by its marker."""
    text = text or ""
    suggestions = suggest(text) if suggestions is None else suggestions
    parts, position = [], 0
    for suggestion in suggestions:
        parts += [text[position:suggestion.start], suggestion.replacement]
        position = suggestion.end
    parts.append(text[position:])
    return "".join(parts)


def highlight(text, suggestions=None):
    """HTML of `text` with each suggestion in a <mark> that says (to screen readers too) what it is."""
    text = text or ""
    suggestions = suggest(text) if suggestions is None else suggestions
    parts, position = [], 0
    for suggestion in suggestions:
        parts += [escape(text[position:suggestion.start]),
                  f'<mark title="Looks like {suggestion.label_with_article}"><span class="w-sr-only">'
                  f'(possible {suggestion.label}:) </span>{escape(text[suggestion.start:suggestion.end])}</mark>']
        position = suggestion.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def kinds(suggestions):
    """'name, phone number' for a list of suggestions (for the log)."""
    return ", ".join(dict.fromkeys(s.label for s in suggestions))


def _normalise(value):
    return " ".join(value.split())


def check_redaction(original, redacted):
    """Raise RedactionError unless `redacted` is `original` with parts taken out (each
    replaced by a marker like "[removed]"), in the same order."""
    source = _normalise(original)
    position = 0
    for segment in MARKER.split(redacted or ""):
        segment = _normalise(segment)
        if not segment:
            continue
        found = source.find(segment, position)
        if found < 0:
            raise RedactionError(
                "The text to publish can only take words out of what the person wrote. Replace what you "
                "remove with [removed], and do not add or change any other words.")
        position = found + len(segment)
    return True


def is_redacted(original, published):
    return _normalise(original) != _normalise(published)
