"""Consent wordings, versioned. A record keeps the exact text the person was shown.

To change a wording, add a new version below; never edit a published one, so every
stored consent can be traced to the words it was given against.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class ConsentWording:
    purpose: str
    version: int
    text: str


WORDINGS = [
    ConsentWording(
        purpose="contact",
        version=1,
        text=(
            "I agree that Walsall Together can keep my name, e-mail address and message "
            "to reply to me. They are deleted after 12 months."
        ),
    ),
]


def current_wording(purpose):
    versions = [w for w in WORDINGS if w.purpose == purpose]
    if not versions:
        raise LookupError(f"No consent wording for {purpose!r}")
    return max(versions, key=lambda w: w.version)


def wording(purpose, version):
    for item in WORDINGS:
        if item.purpose == purpose and item.version == version:
            return item
    raise LookupError(f"No consent wording {purpose!r} version {version}")
