"""Forms: the public booking form, the event list filters and the organisers' admin forms."""
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from base.forms import ConsentField, EmailAddressField, PhoneNumberField, PublicFormMixin, SubmissionTokenMixin

from .models import Booking

class RadioSelect(forms.RadioSelect):
    """Radios whose field id is the first radio's, so the error summary can link to it.
    (The class name is kept: templates/includes/form_field.html renders by widget type.)"""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


IN_PERSON_ONLY_NEEDS = {Booking.AccessNeed.HEARING_LOOP, Booking.AccessNeed.STEP_FREE, Booking.AccessNeed.QUIET_SPACE}


def access_need_choices(event):
    """Every access need for an event in a room; online, only those that make sense on a screen."""
    return [(code, label) for code, label in Booking.AccessNeed.choices
            if not (event.is_online and code in IN_PERSON_ONLY_NEEDS)]


def companion_choices(event):
    choices = [(0, _("No, just me"))]
    choices += [(number, ngettext("Yes, %(number)d person", "Yes, %(number)d people", number) % {"number": number})
                for number in range(1, event.max_companions + 1)]
    return choices


class BookingDetailsMixin(forms.Form):
    """The fields about the person and their party, shared by the public and the staff forms."""

    name = forms.CharField(
        label=_("Full name"), max_length=200, error_messages={"required": _("Enter your full name")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = EmailAddressField(help_text=_("We will send your booking and reminders to this address."))
    phone = PhoneNumberField(
        help_text=_("Only if you would like us to call you about the event, for example if it has to move."))
    role = forms.ChoiceField(
        label=_("Which best describes you?"), choices=Booking.Role.choices, widget=RadioSelect,
        error_messages={"required": _("Select which best describes you")},
    )
    companions = forms.TypedChoiceField(
        label=_("Are you bringing anyone with you?"), coerce=int, widget=RadioSelect,
        help_text=_("For example, the person you care for, or a friend. Everyone needs a place."),
        error_messages={"required": _("Select whether you are bringing anyone with you"),
                        "invalid_choice": _("Select how many people you are bringing")},
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Do you need any of these to take part?"), required=False, widget=CheckboxSelectMultiple,
        help_text=_("Select all that apply. We will tell you what we have arranged."),
    )
    access_needs_other = forms.CharField(
        label=_("Anything else that would help you take part?"), required=False, max_length=1000,
        help_text=_("For example, a carer's seat or help with using video calls."),
        error_messages={"max_length": _("This must be 1,000 characters or fewer")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["access_needs"].choices = access_need_choices(event)
        if event.max_companions:
            self.fields["companions"].choices = companion_choices(event)
        else:
            del self.fields["companions"]

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("companions", 0)
        return cleaned


class BookingForm(PublicFormMixin, SubmissionTokenMixin, BookingDetailsMixin):
    """What a resident fills in to book. Everything they type is kept when there is an error."""

    consent = ConsentField("events")

    @property
    def consent_version(self):
        return self.fields["consent"].wording.version


class StaffBookingForm(BookingDetailsMixin):
    """An organiser adds a booking taken by phone, on paper or in person."""

    channel = forms.ChoiceField(
        label="How did they book?",
        choices=[(value, label) for value, label in Booking.Channel.choices if value != Booking.Channel.ONLINE],
    )
    consent_given = forms.BooleanField(
        label="I have read them the privacy wording and they agreed",
        error_messages={"required": "Read them the privacy wording and record that they agreed"},
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "name": "Their full name", "email": "Their e-mail address", "phone": "Their phone number",
            "role": "Which best describes them?", "companions": "Are they bringing anyone with them?",
            "access_needs": "Do they need any of these to take part?",
            "access_needs_other": "Anything else that would help them take part?",
        }
        for name, label in labels.items():
            if name in self.fields:
                self.fields[name].label = label
        self.fields["email"].required = False
        self.fields["email"].help_text = "Leave empty if they have no e-mail address: they then get no e-mails from us."
        self.fields["phone"].help_text = ""
        self.fields["role"].required = False
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())


class AccessArrangedForm(forms.Form):
    access_arranged = forms.CharField(
        label="What we have arranged", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text='Written to the attendee, for example "A BSL interpreter will be there."',
    )
    notify = forms.BooleanField(label="Tell them by e-mail", required=False, initial=True)


class MessageAttendeesForm(forms.Form):
    subject = forms.CharField(max_length=150)
    message = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 8}),
                              help_text="Plain text. We add a greeting, the event details and their booking link.")
    include_waiting = forms.BooleanField(label="Also send it to people on the waiting list", required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())


class EventFilterForm(forms.Form):
    """The event list's filters, one per kind of topic. Values not among the choices are ignored."""

    topic = forms.ChoiceField(label="Topic", required=False, widget=forms.Select(attrs={"class": "nhsuk-select"}))
    pathway = forms.ChoiceField(label="Priority pathway", required=False,
                                widget=forms.Select(attrs={"class": "nhsuk-select"}))
    locality = forms.ChoiceField(label="Locality", required=False,
                                 widget=forms.Select(attrs={"class": "nhsuk-select"}))

    KINDS = {"topic": "programme_area", "pathway": "pathway", "locality": "locality"}
    EMPTY = {"topic": "All topics", "pathway": "All pathways", "locality": "All localities"}

    def __init__(self, data, *, topics):
        super().__init__(data)
        for name, kind in self.KINDS.items():
            self.fields[name].choices = [("", self.EMPTY[name])] + [
                (topic.slug, topic.name) for topic in topics if topic.kind == kind
            ]

    def filters(self):
        """{name: slug} for the valid filters given; invalid ones are left out."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}


class CancelEventForm(forms.Form):
    message = forms.CharField(
        label="Message to everyone booked or waiting", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say sorry and why, and whether it will be held another time. We add the event details.",
        error_messages={"required": "Write a message to the people who booked"},
    )
