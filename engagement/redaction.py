"""Finding what should not be published in a response, and checking a redaction.

`suggest()` finds e-mail addresses, NHS numbers (10 digits that pass the NHS modulus 11
check), UK phone numbers (the shapes people write them in: 07 mobiles, 01/02/03 landlines, with
+44 instead of the 0, with spaces, dashes or the area code in brackets) and names: after
titles such as "Dr" or "Mrs"; the person's own, as they introduce themselves ("my name is ...",
"I'm called ...", "I'm Margaret Jones", "I am Margaret") or sign off ("Thanks, Margaret",
"- Margaret J"); and any name the caller already knows (the name the person gave in the form),
as whole words in any case, leaving out short or common words of it ("for", "of").
They are only suggestions: staff see them highlighted, start from the text with them removed,
and decide.

`check_redaction()` is the rule that a published version may only take words out of what the
person wrote (replaced by a marker such as "[removed]"), never put words in their mouth.
"""
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
NHS_NUMBER = re.compile(r"(?<![\d\w])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d\w])")
# A UK number: 0 (or +44 / 0044, maybe with "(0)") then 1, 2, 3 or 7 and 8 or 9 more digits, with at
# most one space, dash or bracket between digits. Other long numbers ("I waited 799854 seconds",
# a reference number) are not phone numbers.
_PHONE_GAP = r"(?:[ -]|\)[ -]?)?"
UK_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+44|0044)[ -]?(?:\(0\)[ -]?)?|\(?0)[1237]"
    rf"{_PHONE_GAP}\d(?:{_PHONE_GAP}\d){{7,8}}(?![\w])")
_NAME_WORD = r"[A-Z][a-z'’-]+"
TITLED_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Nurse|Sister|Prof|Professor|Councillor|Cllr)\.?\s+"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD})?")
_INITIAL = r"[A-Z]\.?(?![a-z])"
_SURNAME = rf"(?:\s+(?:{_NAME_WORD}|{_INITIAL}))"
# "My name is ..." and "I'm called ..." introduce a name, whatever its case.
INTRODUCED_NAME = re.compile(
    r"\b(?i:my name is|my name's|my names|i am called|i'm called|i’m called|i am|i'm|i’m|im)\s+"
    rf"(?P<name>[A-Za-z][a-z'’-]+{_SURNAME}?)")
# ... but after "I am" or "I'm" only a capitalised word that is not one of these is taken as a name
# ("I am Diabetic", "I'm British" are not).
INTRODUCTIONS_NEEDING_CAPITALS = ("i am", "i'm", "i’m", "im")
NOT_NAMES = frozenset("""
    a an and also always at being but currently deaf disabled diabetic either ever for from glad going
    grateful happy here in just just not now of on only over pleased really registered retired so sorry still
    sure the there this too under very what when where who with writing
    african arab asian bangladeshi black british caribbean catholic chinese christian english european gay
    hindu indian irish jewish lesbian muslim pakistani polish romanian scottish sikh trans welsh white
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december nhs gp walsall
""".split())
# Words of a known name that are not searched for alone: everyday words that some names contain
# ("Friends of Walsall", "Ali bin Omar", "Vote for Jo") would otherwise be removed everywhere.
COMMON_WORDS = NOT_NAMES | frozenset("""
    al all any are as be bin by day de del della der di do el he her him his is it le la me my no our
    van von we you your
""".split())
SHORTEST_NAME_WORD = 3  # a name's words shorter than this ("Jo", "Li") are found only with the whole name
# A name signed at the end: after a closing ("Thanks,", "Kind regards") that starts a line or a
# sentence, or after a dash ("- Margaret J").
SIGNATURE = re.compile(
    r"(?:(?:\A|(?<=[.!?\n]))\s*(?i:many thanks|thanks|thank you|kind regards|best regards|regards|best wishes|"
    r"all the best|yours sincerely|yours faithfully|yours truly|cheers|love|from)[,.!]?|(?:\A|\s)[-–—~]+)"
    rf"[ \t]*\n?[ \t]*(?P<name>{_NAME_WORD}{_SURNAME}{{0,2}})[ \t]*[.!]?\s*\Z")
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


def _introduced_names(text):
    for match in INTRODUCED_NAME.finditer(text):
        introduction = " ".join(match.group(0)[:match.start("name") - match.start()].lower().split())
        if introduction in INTRODUCTIONS_NEEDING_CAPITALS:
            words = match.group("name").split()
            if not words[0][0].isupper() or words[0].lower() in NOT_NAMES:
                continue
            if len(words) > 1 and words[1].lower() in NOT_NAMES:  # "I'm Asian British": no surname
                yield Suggestion(match.start("name"), match.start("name") + len(words[0]), "name")
                continue
        yield Suggestion(match.start("name"), match.end("name"), "name")


def _known_names(text, names):
    """Each known name, and each word of it (a first name or surname alone) that is neither short
    nor a common word, as whole words in any case."""
    found = []
    for name in names:
        words = [word for word in re.split(r"[\s,]+", (name or "").strip()) if word.strip(".")]
        if not words:
            continue
        alone = [word for word in words
                 if len(word.strip(".")) >= SHORTEST_NAME_WORD and word.strip(".").lower() not in COMMON_WORDS]
        for pattern in [r"\s+".join(map(re.escape, words))] + [re.escape(word) for word in alone]:
            found += [Suggestion(m.start(), m.end(), "name")
                      for m in re.finditer(rf"(?<![\w'’-]){pattern}(?![\w'’-])", text, re.IGNORECASE)]
    return found


def suggest(text, names=()):
    """Non-overlapping suggestions, in the order they appear. Where two overlap, the more
    specific kind wins (e-mail, then NHS number, then phone number, then name), and of two
    names the first found (a known name, its full form before a word of it).

    `names`: names the person is known by (the name they gave in the form), found anywhere."""
    text = text or ""
    found = [Suggestion(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    found += [Suggestion(m.start(), m.end(), "nhs_number") for m in NHS_NUMBER.finditer(text)
              if is_valid_nhs_number(m.group(0))]
    found += [Suggestion(m.start(), m.end(), "phone") for m in UK_PHONE.finditer(text)]
    found += _known_names(text, names)
    found += [Suggestion(m.start(), m.end(), "name") for m in TITLED_NAME.finditer(text)]
    found += list(_introduced_names(text))
    found += [Suggestion(m.start("name"), m.end("name"), "name") for m in SIGNATURE.finditer(text)
              if m.group("name").split()[0].lower() not in NOT_NAMES]
    chosen = []
    for suggestion in found:  # in priority order
        if all(suggestion.end <= kept.start or suggestion.start >= kept.end for kept in chosen):
            chosen.append(suggestion)
    return sorted(chosen, key=lambda s: s.start)


def apply(text, suggestions=None, names=()):
    """`text` with each suggestion replaced by its marker."""
    text = text or ""
    suggestions = suggest(text, names) if suggestions is None else suggestions
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
