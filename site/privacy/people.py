"""Whom staff look up with the privacy tools: a person found by an e-mail address or by a phone
number (people who booked by phone, or asked to be phoned, may have given us no address)."""
from dataclasses import dataclass

from django.db.models import Q

from base.phone import normalise_phone


@dataclass(frozen=True)
class Person:
    email: str = ""
    phone: str = ""

    @classmethod
    def of(cls, who):
        """`who` as a Person: an address (any case, spaces around it) or a phone number (as typed).
        Anything else is nobody: it matches no record."""
        if isinstance(who, Person):
            return who
        value = (who or "").strip()
        if "@" in value:
            return cls(email=value.lower())
        return cls(phone=normalise_phone(value) or "")

    def __str__(self):
        return self.email or self.phone

    def __bool__(self):
        return bool(self.email or self.phone)

    @property
    def kind(self):
        return "e-mail address" if self.email else "phone number"

    def lookup(self, email_field=None, phone_field=None):
        """A filter for this person's records in a model that keeps them under these fields, or
        None when it cannot hold any (it keeps no phone numbers, say)."""
        if self.email and email_field:
            return Q(**{f"{email_field}__iexact": self.email})
        if self.phone and phone_field:
            return Q(**{phone_field: self.phone})
        return None

    def masked(self):
        """j***@example.org or 077******23: enough for staff to recognise a log line, not to
        contact anyone."""
        if self.email:
            local, _, domain = self.email.partition("@")
            return f"{local[:1]}***@{domain}" if domain else "***"
        if self.phone:
            return f"{self.phone[:3]}{'*' * (len(self.phone) - 5)}{self.phone[-2:]}"
        return "***"
