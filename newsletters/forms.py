"""Forms: the public sign-up and preferences forms, and the Comms team's admin forms."""
import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.forms import ConsentField, EmailAddressField, PublicFormMixin, RecordChoicesField, SubmissionTokenMixin

from .models import MailingList
from .subscriptions import CONSENT_PURPOSE, public_lists

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes whose field id is the first box's, so the error summary can link to it."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class ListChoiceField(RecordChoicesField):
    widget = CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


def safe_source(value):
    """The page a sign-up block was on: a path on this site, or ""."""
    value = (value or "").strip()
    return value[:255] if value.startswith("/") and not value.startswith("//") else ""


class SignUpForm(PublicFormMixin, SubmissionTokenMixin, forms.Form):
    """Sign up for one or more mailing lists. Everything typed is kept when there is an error."""

    email = EmailAddressField(help_text=_("We will send you an e-mail to check that this address is yours."))
    name = forms.CharField(
        label=_("Your name"), max_length=200, required=False,
        help_text=_("So that we can say hello. You do not have to give it."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    lists = ListChoiceField(
        label=_("Which e-mails would you like?"), queryset=public_lists(),
        help_text=_("Select all that apply."),
        error_messages={"required": _("Select at least one type of e-mail"),
                        "invalid_choice": _("Select from the types of e-mail shown")},
    )
    consent = ConsentField(CONSENT_PURPOSE)
    source = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "newsletter-%s")
        super().__init__(*args, **kwargs)

    @property
    def consent_version(self):
        return self.fields["consent"].wording.version

    def clean_source(self):
        return safe_source(self.cleaned_data.get("source"))


class ListChoicesForm(forms.Form):
    """Sets the list choices before PublicFormMixin (which comes first) validates the form."""

    def __init__(self, *args, choices, **kwargs):
        kwargs.setdefault("auto_id", "preferences-%s")
        super().__init__(*args, **kwargs)
        self.fields["lists"].choices = [(choice.mailing_list.pk, choice.mailing_list.name) for choice in choices]


class PreferencesForm(PublicFormMixin, ListChoicesForm):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    lists = forms.TypedMultipleChoiceField(
        label=_("Which e-mails would you like?"), coerce=int, required=False, widget=CheckboxSelectMultiple,
        help_text=_("Untick a box to stop getting those e-mails."),
    )


# Admin --------------------------------------------------------------------------------------


class AdminFormMixin:
    """Admin forms follow the public forms' rules: each field's error is linked to it
    (aria-describedby, aria-invalid) so a screen reader reads it, and the error summary
    (newsletters/admin/_error_summary.html) links to each field by its id."""

    def error_message_id(self, name):
        return f"{self[name].auto_id}-error"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                described = [self.error_message_id(name)]
                if self.fields[name].help_text:
                    described.append(f"{self[name].auto_id}-helptext")
                self.fields[name].widget.attrs.update({"aria-describedby": " ".join(described),
                                                       "aria-invalid": "true"})


class ScheduleInput(forms.DateTimeInput):
    """The browser's own date and time picker: needs no JavaScript, and where a browser has no
    picker people type the date as the hint shows."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


SEND_AT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S"]


class CampaignForm(AdminFormMixin, forms.Form):
    """Send an issue to a list now or later. Prefixed "send", so its ids never clash with the
    test form's on the same page."""

    mailing_list = forms.ModelChoiceField(
        label="Send it to", queryset=MailingList.objects.all(), empty_label=None,
        help_text="Only people who confirmed their address get it.",
    )
    # Set by the button pressed: "Send it now" or "Schedule it" (two buttons rather than a radio
    # and one button, so one press says what happens next).
    when = forms.ChoiceField(choices=[("now", "Send it now"), ("later", "Schedule it")], required=False,
                             widget=forms.HiddenInput)
    send_at = forms.DateTimeField(
        label="Date and time (UK time)", required=False, widget=ScheduleInput, input_formats=SEND_AT_FORMATS,
        help_text="Only to schedule it. Pick it from the calendar, or type it as year-month-day and "
                  "24-hour time, for example 2026-03-31 09:30.",
        error_messages={"invalid": "Enter the date and time as year-month-day and 24-hour time, "
                                   "for example 2026-03-31 09:30"},
    )
    checked = forms.BooleanField(
        label="I have checked the preview and a test e-mail",
        error_messages={"required": "Check the preview and send yourself a test first, then tick the box."},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "send")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == "later":
            send_at = cleaned.get("send_at")
            now = timezone.localtime()
            if send_at is None and "send_at" not in self.errors:
                self.add_error("send_at", "Enter the date and time to send it, or press 'Send it now'.")
            elif send_at is not None and send_at <= now + datetime.timedelta(minutes=1):
                self.add_error("send_at", f"The time must be in the future: it is now {now:%H:%M} on "
                                          f"{now:%-d %B %Y}.")
        else:
            cleaned["send_at"] = None
            self.errors.pop("send_at", None)  # a half-typed date does not matter when sending now
        return cleaned


class TestSendForm(AdminFormMixin, forms.Form):
    mailing_list = forms.ModelChoiceField(label="As sent to", queryset=MailingList.objects.all(), empty_label=None)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "test")
        super().__init__(*args, **kwargs)


class AskApproverForm(AdminFormMixin, forms.Form):
    """A member of the Comms team who may not send asks the Comms approvers to."""

    mailing_list = forms.ModelChoiceField(label="Which list should get it?", queryset=MailingList.objects.all(),
                                          empty_label=None)
    note = forms.CharField(label="Anything they should know (optional)", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="For example when it should go out.")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "ask")
        super().__init__(*args, **kwargs)


class ImportForm(AdminFormMixin, forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: email, name, lists, consent_basis, consent_date, consent_source. "
                  "Save it from your spreadsheet as 'CSV UTF-8'.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Choose a .csv file.")
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB: split it into smaller files.")
        return upload
