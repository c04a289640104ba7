"""The admin form for editing an event page (kept apart from forms.py, which imports the models)."""
from django import forms
from wagtail.admin.forms import WagtailAdminPageForm


class EventPageForm(WagtailAdminPageForm):
    """Reminders are chosen from tick boxes rather than typed as JSON."""

    reminder_offsets = forms.TypedMultipleChoiceField(
        label="Reminders", required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text="When people with a place get a reminder e-mail. Each is sent once.",
    )

    def __init__(self, *args, **kwargs):
        from .models import REMINDER_CHOICES

        super().__init__(*args, **kwargs)
        self.fields["reminder_offsets"].choices = REMINDER_CHOICES

    def clean_reminder_offsets(self):
        return sorted(set(self.cleaned_data["reminder_offsets"]), reverse=True)
