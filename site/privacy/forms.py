"""Forms for the staff privacy tools. Every one is POSTed, so addresses stay out of URLs and logs."""
from django import forms


class EmailForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        help_text="The address the person used with us. Upper and lower case are treated the same.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_email(self):
        # Lower case, as consent records store it, so log lines for one address look alike.
        return self.cleaned_data["email"].strip().lower()


class ExportForm(EmailForm):
    FORMATS = (("json", "JSON"), ("csv", "CSV"))

    email = forms.EmailField(widget=forms.HiddenInput)
    format = forms.ChoiceField(choices=FORMATS)


class EraseForm(EmailForm):
    email = forms.EmailField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        required=True,
        label="I understand that this erases everything listed above and cannot be undone",
        error_messages={"required": "Tick the box to confirm that you want to erase this data."},
    )
