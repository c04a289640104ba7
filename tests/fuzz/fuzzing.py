"""Shared pieces of the fuzz tests: hypothesis settings, strategies for malformed input, and the
checks every answer must pass (never a server error, never a partial record).

Strategies start from a VALID payload and break one or more fields (so the fuzz gets past the
first error and reaches the real validation and the services), or build payloads from nothing.
"""
import contextlib
import string
from urllib.parse import quote_from_bytes

from django.db import transaction
from hypothesis import event as count_outcome  # hypothesis statistics
from hypothesis import HealthCheck, example, settings
from hypothesis import strategies as st

# Reproducible in CI (derandomize), no example database on disk (pytest-xdist workers share
# nothing), no deadline (a page render on PostgreSQL can be slow on a busy machine).
FUZZ = settings(
    max_examples=50, deadline=None, derandomize=True, database=None, print_blob=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)

# What a public page may answer to malformed input: never 5xx, and no 429 (rate limits are off).
ALLOWED_STATUSES = {200, 301, 302, 303, 400, 403, 404, 405}

# An address Django's EmailValidator accepts (at most 320 characters) that is longer than the
# 254 characters an EmailField column holds: a classic "value too long" on PostgreSQL.
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".org"

# Ids no database column holds (64-bit integers end at 9223372036854775807), and numbers Python
# reads with underscores: on SQLite the driver refuses them with OverflowError when a query
# carries one, where PostgreSQL just finds nothing. Every choice field must call them a wrong choice.
HUGE_INTEGERS = ["99999999999999999999999999", "9223372036854775808", "-9223372036854775809", "1" + "0" * 40,
                 "9_223_372_036_854_775_808"]
huge_integer = st.one_of(st.sampled_from(HUGE_INTEGERS), st.integers(min_value=2**63).map(str),
                         st.integers(max_value=-(2**63) - 1).map(str))

NASTY = [*HUGE_INTEGERS,
    "", " ", "\x00", "a\x00b", "\x00" * 3, "sam@example.org\x00", "\r\n", "\t", "\x1b[31m", "\x7f", "\ufeff",
    "\u202eevil\u202c", "\u200b", "e\u0301\u0301\u0301", "😀👩‍👩‍👧", "𝕳𝖊𝖑𝖑𝖔", "مرحبا", "שלום",
    "<script>alert(1)</script>",
    "'; DROP TABLE base_contactmessage; --", "{{ 7*7 }}", "%s%s%n", "../../etc/passwd", "%00", "%ff%fe",
    "2026-02-30", "0000-00-00", "-1", "0", "1e309", "NaN", "inf", "-0", "99999999999999999999999999", "1.5",
    "True", "None", "null", "[]", "{}", "on", "off",
    "x" * 256, "x" * 5001, "💥" * 300, LONG_EMAIL, "@", "a@b", "a@b.c", "a@[127.0.0.1]",
]

safe_characters = st.characters(codec="utf-8")  # every code point but the surrogates (which cannot be sent)
control_characters = st.characters(min_codepoint=0, max_codepoint=0x1F)

junk_text = st.one_of(
    st.sampled_from(NASTY),
    huge_integer,
    st.text(safe_characters, max_size=40),
    st.text(control_characters, min_size=1, max_size=8),
    st.builds(lambda unit, times: unit * times, st.sampled_from(["x", "\x00", "é", "😀", "a b "]),
              st.integers(min_value=200, max_value=6000)),
)

# A value for a form field: text, or several values under one name (duplicate keys, or a list
# where one value is expected).
field_value = st.one_of(junk_text, st.lists(junk_text, min_size=2, max_size=4))

junk_key = st.one_of(st.sampled_from(["extra", "id", "pk", "status", "csrfmiddlewaretoken", "__proto__", "step",
                                      "website", "unsubscribe_all"]),
                     st.text(st.characters(codec="ascii", exclude_characters="\x00"), min_size=1, max_size=12))


DROP = "<dropped>"  # an edit that leaves the field out


@st.composite
def edits(draw, names, alternatives=None):
    """Changes to a valid payload: one to three of its fields (`names`) dropped, replaced by junk,
    sent twice or given a plausible other value (`alternatives`: {field: [values]}: other
    choices, bogus ids), and maybe an extra field. Returns {field: value or DROP}."""
    alternatives = alternatives or {}
    changes = {}
    for name in draw(st.lists(st.sampled_from(sorted(names)), min_size=1, max_size=3, unique=True)):
        action = draw(st.sampled_from(["drop", "junk", "twice", "alternative"]))
        if action == "drop":
            changes[name] = DROP
        elif action == "junk":
            changes[name] = draw(field_value)
        elif action == "twice":
            changes[name] = ["<valid>", draw(junk_text)]
        else:
            changes[name] = draw(st.sampled_from(alternatives.get(name) or NASTY))
    if draw(st.booleans()):
        changes[draw(junk_key)] = draw(field_value)
    return changes


def form_edits(names, alternatives=None):
    """Mostly edits of the valid payload, sometimes none (the valid payload itself), sometimes
    a payload built from nothing: {"<from scratch>": True, field: junk, ...}."""
    from_scratch = st.dictionaries(st.one_of(st.sampled_from(sorted(names)), junk_key), field_value,
                                   max_size=len(names) + 2).map(lambda junk: {FROM_SCRATCH: True, **junk})
    return st.one_of(edits(names, alternatives), st.just({}), from_scratch)


FROM_SCRATCH = "<from scratch>"


def apply_edits(valid, changes, rename=None):
    """The payload to post: `valid` with `changes` (see edits) applied; `rename` maps the
    payload's short names to the form's real field names (e.g. a question's q_<id>)."""
    changes = dict(changes)
    data = {} if changes.pop(FROM_SCRATCH, False) else dict(valid)
    for name, value in changes.items():
        if value == DROP:
            data.pop(name, None)
        elif isinstance(value, list) and value[:1] == ["<valid>"]:
            first = valid.get(name, "")
            data[name] = [first if isinstance(first, str) else (first or [""])[0], *value[1:]]
        else:
            data[name] = value
    rename = rename or {}
    return {rename.get(name, name): value for name, value in data.items()}


# Raw bodies and query strings: percent-encoded bytes that are not UTF-8, '&' and '=' in odd places.
percent_junk = st.binary(max_size=24).map(lambda raw: quote_from_bytes(raw, safe=""))
raw_piece = st.one_of(percent_junk, st.text(st.sampled_from(string.printable + "%&=;+"), max_size=24),
                      st.sampled_from(["%", "%0", "%zz", "%00", "%c3%28", "&&", "==", "a=1&a=2&a=3", "%ed%a0%80"]))
raw_query = st.lists(st.tuples(raw_piece, raw_piece), max_size=6).map(
    lambda pairs: "&".join(f"{key}={value}" for key, value in pairs))

# A token in a URL: random text, percent-encoded junk, or a plausible-looking but wrong token.
url_token = st.one_of(
    st.text(safe_characters, min_size=1, max_size=60).map(lambda text: quote_from_bytes(text.encode(), safe="")),
    percent_junk.filter(bool),
    st.sampled_from(["%00", "a%00b", "..", "%2e%2e", "x" * 500, "eyJ0IjoiYSJ9:1abc:xyz", "abc:def", ":", "%2F",
                     "1" * 70, "None", "-1"]),
)


@contextlib.contextmanager
def each_example_alone():
    """Run one example inside a savepoint that is rolled back, so that every example starts from
    the same data and a database error in one example cannot break the test's transaction."""

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


def counts(*models):
    return {model.__name__: model.objects.count() for model in models}


def assert_answered_properly(response):
    """Never a server error; only the statuses a public page gives to bad input."""
    assert response.status_code < 500, f"server error {response.status_code}"
    assert response.status_code in ALLOWED_STATUSES, f"unexpected status {response.status_code}"


def redisplayed_with_errors(response):
    """The form shown again with the error summary (our public form templates' wording)."""
    return response.status_code == 200 and "There is a problem" in response.content.decode()


def check_submission(models, post, check_stored):
    """Post one example on its own (`post()` sends it and returns the response): never a server
    error; when the form comes back with its errors, or nothing was stored, the counts of
    `models` are unchanged (nothing half-made); otherwise the input was valid after all and
    `check_stored(response, change)` checks the one complete submission, where `change` is
    {model name: how many more} (run inside the example, before its rollback)."""
    with each_example_alone():
        before = counts(*models)
        response = post()
        assert_answered_properly(response)
        after = counts(*models)
        change = {name: after[name] - before[name] for name in before if after[name] != before[name]}
        if redisplayed_with_errors(response) or not change:
            count_outcome("nothing stored")
            assert change == {}
            return
        count_outcome("stored")
        check_stored(response, change)




def with_classic_examples(text_fields=(), email_fields=(), choice_fields=()):
    """Always try the classics first, whatever the random examples pick: a NUL character in
    every text field (PostgreSQL refuses NUL in text), an address too long for its column,
    a list sent where one value is expected, and ids too big for any database column in every
    choice field (alone, and beside a valid choice). The test's strategy argument is `changes`."""
    cases = [{name: "NUL\x00inside"} for name in (*text_fields, *email_fields)]
    cases += [{name: LONG_EMAIL} for name in email_fields]
    cases += [{name: ["<valid>", "\x00"]} for name in choice_fields]
    cases += [{name: [huge]} for name in choice_fields for huge in HUGE_INTEGERS[:3]]
    cases += [{name: ["<valid>", HUGE_INTEGERS[0]]} for name in choice_fields]

    def decorate(test):
        for case in reversed(cases):
            test = example(changes=case)(test)
        return test

    return decorate
