from django import forms
from django.utils.translation import gettext_lazy as _

from base.forms import ConsentField, EmailAddressField, PhoneNumberField, PublicFormMixin, SubmissionTokenMixin

from .models import Format, ReplyBy
from .services import CONSENT_PURPOSE

# The questions revealed under one answer: {field: (the question it answers, the answer)}.
REVEALED_BY = {
    "language": ("format", Format.LANGUAGE),
    "details": ("format", Format.OTHER),
    "email": ("reply_by", ReplyBy.EMAIL),
    "phone": ("reply_by", ReplyBy.PHONE),
    "address": ("reply_by", ReplyBy.POST),
}


class FormatRequestForm(PublicFormMixin, SubmissionTokenMixin, forms.Form):
    """Ask for a publication in another format. A question revealed under an answer (which
    language, which e-mail address) is needed only when that answer is chosen; without
    JavaScript every one of them shows, and the ones for other answers are ignored."""

    use_required_attribute = False

    format = forms.ChoiceField(label=_("Which format do you need?"), choices=Format.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Select the format you need")})
    language = forms.CharField(label=_("Which language?"), max_length=100,
                               error_messages={"required": _("Enter the language you need"),
                                               "max_length": _("Enter a language of 100 characters or fewer")})
    details = forms.CharField(label=_("What format do you need?"), max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("Tell us what format you need"),
                                              "max_length": _("Tell us in 500 characters or fewer")})
    name = forms.CharField(label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}),
                           error_messages={"required": _("Enter your name"),
                                           "max_length": _("Enter a name of 200 characters or fewer")})
    reply_by = forms.ChoiceField(label=_("How should we tell you when it is ready?"), choices=ReplyBy.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": _("Select how we should tell you when it is ready")})
    email = EmailAddressField()
    phone = PhoneNumberField(required=True)
    address = forms.CharField(label=_("Postal address, including the postcode"), max_length=500,
                              widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
                              error_messages={"required": _("Enter your postal address, including the postcode"),
                                              "max_length": _("Enter an address of 500 characters or fewer")})
    keep_need = ConsentField(CONSENT_PURPOSE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_version = self.fields["keep_need"].wording.version

    def full_clean(self):
        # Before any checking (PublicFormMixin asks for the errors as the form is made): a revealed
        # question is checked only under its answer. Then each is marked required again, as the
        # page first showed it, so no label gains "(optional)" after an error: it is needed
        # whenever its answer is chosen.
        if not self.is_bound:
            return super().full_clean()
        for name in REVEALED_BY:
            self.fields[name].required = self._revealed(name)
        try:
            super().full_clean()
        finally:
            for name in REVEALED_BY:
                self.fields[name].required = True

    def _revealed(self, name):
        question, answer = REVEALED_BY[name]
        return self.data.get(self.add_prefix(question)) == answer

    def clean(self):
        cleaned = super().clean()
        for name in REVEALED_BY:
            if not self._revealed(name):
                # Typed, then another answer chosen: not needed, so neither checked nor kept.
                self._errors.pop(name, None)
                cleaned[name] = ""
        return cleaned

    def radio_options(self, name):
        """Each answer to the radio question `name`, with the question it reveals (or None)."""
        revealed = {answer: self[field] for field, (question, answer) in REVEALED_BY.items() if question == name}
        return [(option, revealed.get(option.data["value"])) for option in self[name]]

    @property
    def format_options(self):
        return self.radio_options("format")

    @property
    def reply_by_options(self):
        return self.radio_options("reply_by")
