"""The forms of a claim: one expense, and sending the claim (with the choice about the payment).
Everything typed is kept when there is a problem; a chosen file must be chosen again (browsers
never send it back), and the message says so."""
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator

from base.forms import PublicFormMixin, SubmissionTokenMixin
from operations.file_content import check_file_content

from . import services
from .models import RECEIPT_EXTENSIONS, RECEIPT_MAX_BYTES, Claim, ExpenseLine

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"]


class MoneyField(forms.DecimalField):
    """Pounds as people type them: 12.50, £12.50, 1,250."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "")
        return super().to_python(value)


class ExpenseForm(PublicFormMixin, SubmissionTokenMixin, forms.Form):
    """One expense. The same expense sent twice (a double click, a refresh) is added once."""

    kind = forms.ChoiceField(label="What did you pay for?", choices=ExpenseLine.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what you paid for"})
    date = forms.DateField(
        label="Date", input_formats=DATE_FORMATS, help_text="The day you paid or travelled. For example, 19/11/2020.",
        error_messages={"required": "Enter the date, for example 19/11/2020",
                        "invalid": "Enter a real date, for example 19/11/2020"},
    )
    miles = forms.DecimalField(
        label="Miles (mileage only)", required=False, max_digits=6, decimal_places=1,
        help_text="There and back. We pay a set rate per mile.",
        error_messages={"invalid": "Enter the miles as a number, for example 12.5"},
    )
    amount = MoneyField(
        label="Amount in pounds (not for mileage)", required=False, max_digits=8, decimal_places=3,
        help_text="For example, 12.50.",
        error_messages={"invalid": "Enter the amount as a number, for example 12.50"},
    )
    description = forms.CharField(
        label="What it was for", required=False, max_length=300,
        help_text="For other costs, also say who agreed them with you before the activity.",
    )
    receipt = forms.FileField(
        label="Receipt or ticket", required=False,
        help_text="A photo (JPG or PNG) or a PDF. Needed for fares, parking, and carer or childcare costs.",
    )

    def __init__(self, *args, today=None, **kwargs):
        self.today = today  # before the mixin, which validates a bound form
        super().__init__(*args, **kwargs)
        self.fields["miles"].widget.attrs.update({"class": "nhsuk-input nhsuk-input--width-5", "inputmode": "decimal"})
        self.fields["miles"].widget.input_type = "text"
        self.fields["amount"].widget.attrs.update({"class": "nhsuk-input nhsuk-input--width-5", "inputmode": "decimal"})
        self.fields["amount"].widget.input_type = "text"
        self.fields["date"].widget.attrs["class"] = "nhsuk-input nhsuk-input--width-10"
        self.fields["receipt"].widget.attrs.update({"class": "nhsuk-file-upload", "accept": ".pdf,.jpg,.jpeg,.png"})

    def clean_receipt(self):
        receipt = self.cleaned_data.get("receipt")
        if not receipt:
            return receipt
        if receipt.size > RECEIPT_MAX_BYTES:
            raise ValidationError("The file is too big. Upload a photo or PDF smaller than 10 MB.")
        try:
            FileExtensionValidator(RECEIPT_EXTENSIONS)(receipt)
        except ValidationError:
            raise ValidationError("Upload a photo (JPG or PNG) or a PDF.") from None
        check_file_content(receipt, receipt.name)
        receipt.seek(0)
        return receipt

    def clean(self):
        data = super().clean()
        if "kind" not in data or "date" not in data:
            return data
        errors = services.expense_errors(
            kind=data["kind"], day=data["date"], amount=data.get("amount"), miles=data.get("miles"),
            description=data.get("description", ""), has_receipt=bool(data.get("receipt")), today=self.today,
        )
        if self.files.get(self.add_prefix("receipt")) and "receipt" in self.errors:
            errors.pop("receipt", None)  # the file's own problem says more
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        if self.errors and data.get("receipt"):
            self.add_error("receipt", "Choose the receipt again: files are not kept when there is a problem.")
        return data


class SubmitClaimForm(PublicFormMixin, forms.Form):
    """Send the claim. With a level that pays, the person says yes or no to the payment."""

    payment = forms.ChoiceField(
        label="Do you want the involvement payment?", widget=forms.RadioSelect,
        choices=[("accept", "Yes, pay me the involvement payment"), ("decline", "No, I do not want it")],
        error_messages={"required": "Select yes or no for the involvement payment"},
    )

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        if not claim.activity.level.pays_involvement:
            del self.fields["payment"]
        elif claim.status == Claim.Status.RETURNED and not self.is_bound:
            self.initial["payment"] = "decline" if claim.payment_declined else "accept"

    @property
    def declined(self):
        return self.cleaned_data.get("payment") == "decline"


class StaffClaimForm(forms.Form):
    """Staff enter a claim for someone without e-mail (or who asked for help): who, and how they claimed."""

    channel = forms.ChoiceField(label="How did they claim?",
                                choices=[c for c in Claim.Channel.choices if c[0] != Claim.Channel.ONLINE])
    payment = forms.ChoiceField(
        label="Do they want the involvement payment?", required=False, widget=forms.RadioSelect,
        choices=[("accept", "Yes"), ("decline", "No, they said no to it")],
        help_text="Only for activities with an involvement payment. Tell them it may count as income for benefits.",
    )


class InviteForm(forms.ModelForm):
    """Someone staff add to an activity themselves (a panel, an interview, or no e-mail address)."""

    class Meta:
        model = Claim
        fields = ["activity", "name", "email", "phone"]
        labels = {"email": "E-mail address (optional: we send them their personal link)",
                  "phone": "Phone number (optional)"}


class ReasonForm(forms.Form):
    """Why staff return or reject a claim: the person reads it."""

    reason = forms.CharField(label="Reason (the person reads it)", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Give the reason: the person will read it."})
