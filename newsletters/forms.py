"""Forms: the public sign-up and preferences forms, and the Comms team's admin forms."""
import datetime

from django import forms
from django.utils import timezone
from wagtail.admin.widgets import AdminDateTimeInput

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

    email = EmailAddressField(help_text="We will send you an e-mail to check that this address is yours.")
    name = forms.CharField(
        label="Your name", max_length=200, required=False,
        help_text="So that we can say hello. You do not have to give it.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    lists = ListChoiceField(
        label="Which e-mails would you like?", queryset=public_lists(),
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one type of e-mail",
                        "invalid_choice": "Select from the types of e-mail shown"},
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
    name = forms.CharField(label="Your name", max_length=200, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    lists = forms.TypedMultipleChoiceField(
        label="Which e-mails would you like?", coerce=int, required=False, widget=CheckboxSelectMultiple,
        help_text="Untick a box to stop getting those e-mails.",
    )


# Admin --------------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    mailing_list = forms.ModelChoiceField(
        label="Send it to", queryset=MailingList.objects.all(), empty_label=None,
        help_text="Only people who confirmed their address get it.",
    )
    when = forms.ChoiceField(
        label="When", widget=forms.RadioSelect, initial="now",
        choices=[("now", "Send it now"), ("later", "Schedule it for later")],
    )
    send_at = forms.DateTimeField(label="Date and time (UK time)", required=False, widget=AdminDateTimeInput,
                                  help_text="Only if you schedule it.")
    checked = forms.BooleanField(
        label="I have checked the preview and a test e-mail",
        error_messages={"required": "Check the preview and send yourself a test first, then tick the box."},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == "later":
            send_at = cleaned.get("send_at")
            if send_at is None:
                self.add_error("send_at", "Choose when to send it.")
            elif send_at <= timezone.now() + datetime.timedelta(minutes=1):
                self.add_error("send_at", "Choose a time in the future.")
        else:
            cleaned["send_at"] = None
        return cleaned


class TestSendForm(forms.Form):
    mailing_list = forms.ModelChoiceField(label="As sent to", queryset=MailingList.objects.all(), empty_label=None)


class ImportForm(forms.Form):
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
