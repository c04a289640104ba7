"""Forms: the public User Group application, and the screening and invitation forms staff use."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from base.forms import (
    ConsentField, EmailAddressField, PhoneNumberField, PublicFormMixin, RecordChoicesField, SubmissionTokenMixin,
)
from base.models import Topic

from ..localities import Locality, normalise_postcode
from ..models import UserGroupApplication
from ..services import user_group

Application = UserGroupApplication


class TopicChoiceField(RecordChoicesField):
    def label_from_instance(self, topic):
        return topic.name


class UserGroupApplicationForm(PublicFormMixin, SubmissionTokenMixin, forms.Form):
    name = forms.CharField(max_length=200, label=_("Your full name"),
                           error_messages={"required": _("Enter your full name")},
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = EmailAddressField(required=False)
    phone = PhoneNumberField(help_text=_("A mobile or landline number, if you would like us to phone you."))
    preferred_contact = forms.ChoiceField(
        label=_("How would you like us to contact you?"), choices=Application.ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you would like us to contact you")})
    postcode = forms.CharField(
        required=False, max_length=10, label=_("Postcode"),
        help_text=_("For example, WS1 1AA. We use it to find which part of Walsall you live in. "
                    "If you do not have a fixed address, leave this blank."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "nhsuk-input--width-10"}))
    locality = forms.ChoiceField(
        required=False, label=_("Which part of Walsall do you live in?"),
        help_text=_("If you are not sure, leave this blank and we will work it out from your postcode."),
        choices=Locality.choices, widget=forms.RadioSelect)
    pathways = TopicChoiceField(
        required=False, label=_("Which health and care services are you most interested in?"),
        help_text=_("Choose all that apply."), widget=forms.CheckboxSelectMultiple,
        queryset=Topic.objects.filter(kind=Topic.Kind.PATHWAY).order_by("sort_order", "name"))
    programme_areas = TopicChoiceField(
        required=False, label=_("Are you interested in any of these areas of our work?"),
        help_text=_("Choose all that apply."), widget=forms.CheckboxSelectMultiple,
        queryset=Topic.objects.filter(kind=Topic.Kind.PROGRAMME_AREA).order_by("sort_order", "name"))
    lived_experience = forms.ChoiceField(
        label=_("Do you use local health or care services, or care for someone who does?"),
        choices=[
            (Application.LivedExperience.PATIENT, _("Yes, as a patient or service user")),
            (Application.LivedExperience.CARER, _("Yes, as a carer")),
            (Application.LivedExperience.BOTH, _("Yes, both")),
            (Application.LivedExperience.NEITHER, _("No, neither")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you use local services or care for someone who does")})
    participation = forms.MultipleChoiceField(
        label=_("How would you like to take part?"), help_text=_("Choose all that apply."),
        choices=Application.Participation.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one way you would like to take part")})
    availability = forms.MultipleChoiceField(
        required=False, label=_("When are you usually free?"), help_text=_("Choose all that apply."),
        choices=Application.Availability.choices, widget=forms.CheckboxSelectMultiple)
    access_needs = forms.CharField(
        required=False, max_length=2000, label=_("Do you need any support to take part?"),
        help_text=_("For example, a hearing loop, large print, an interpreter, step-free access or help "
                    "with travel costs."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Your answer must be 2,000 characters or fewer")})
    heard_about = forms.ChoiceField(
        required=False, label=_("How did you hear about the User Group?"),
        choices=Application.HeardAbout.choices, widget=forms.RadioSelect)
    # Set when the check step filled the locality in from the postcode (see fill_locality).
    locality_from_postcode = forms.BooleanField(required=False, widget=forms.HiddenInput)
    heard_about_other = forms.CharField(required=False, max_length=200,
                                        label=_("If you heard about it somewhere else, tell us where"))
    consent = ConsentField("user_group")

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        postcode = normalise_postcode(value)
        if postcode is None:
            raise ValidationError(_("Enter a real UK postcode, like WS1 1AA"))
        return postcode

    def clean(self):
        cleaned = super().clean()
        email, phone = cleaned.get("email"), cleaned.get("phone")
        preferred = cleaned.get("preferred_contact")
        if "email" in self.errors or "phone" in self.errors:
            return cleaned
        if not email and not phone:
            self.add_error("email", _("Enter an e-mail address or a phone number, so that we can contact you"))
        elif preferred == Application.ContactMethod.EMAIL and not email:
            self.add_error("email", _("Enter your e-mail address, or choose phone as the way we contact you"))
        elif preferred == Application.ContactMethod.PHONE and not phone:
            self.add_error("phone", _("Enter your phone number, or choose e-mail as the way we contact you"))
        if "postcode" not in self.errors:
            cleaned["locality"], cleaned["locality_from_postcode"] = user_group.fill_locality(
                cleaned.get("locality", ""), cleaned.get("postcode", ""), cleaned.get("locality_from_postcode"))
        cleaned["interests"] = list(cleaned.get("pathways") or []) + list(cleaned.get("programme_areas") or [])
        return cleaned


# Staff forms -----------------------------------------------------------------------------------


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label="Move to")
    reason = forms.CharField(required=False, label="Reason or comment",
                             help_text="Needed when the application is not taken forward.",
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(Application.Status.choices)
        self.fields["status"].choices = [(value, names[value])
                                         for value in user_group.allowed_transitions(application.status)]


class NoteForm(forms.Form):
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}))


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user_group.staff_name(user)


class AssignForm(forms.Form):
    assigned_to = StaffChoiceField(label="Assigned to", required=False, empty_label="Nobody",
                                   queryset=user_group.screening_staff())


class ApplicantEmailForm(forms.Form):
    """An e-mail to one applicant: start from a standard message, edit it, preview it, send it."""

    standard = forms.ChoiceField(
        label="Standard message", required=False,
        choices=[("", "Choose a standard message")] + [
            (key, standard.label) for key, standard in user_group.APPLICANT_EMAILS.items()],
        help_text="Fills in the subject and message below, for you to change as you need.")
    subject = forms.CharField(label="Subject", max_length=200, required=False,
                              error_messages={"max_length": "The subject must be 200 characters or fewer"})
    message = forms.CharField(
        label="Message", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 10}),
        help_text='"Dear" and the applicant\'s name are added above it, and the Healthwatch sign-off below it.',
        error_messages={"max_length": "The message must be 5,000 characters or fewer"})

    def clean(self):
        cleaned = super().clean()
        if not self.errors and self.data.get("action") in ("preview", "send"):
            if not (cleaned.get("subject") or "").strip():
                self.add_error("subject", "Enter the subject of the e-mail")
            if not (cleaned.get("message") or "").strip():
                self.add_error("message", "Write the message, or choose a standard message to start from")
        return cleaned


INVITATION_STARTERS = {
    "event": (
        "An invitation to a User Group event",
        "We are holding an event for User Group members and would like you to come. "
        "Follow the link to find out more and book your place.",
    ),
    "exercise": (
        "Help us shape a service",
        "We are asking people for their views on changes to a local service. As a member of the "
        "User Group, your experience matters. Follow the link to take part.",
    ),
}


class InvitationForm(forms.Form):
    localities = forms.MultipleChoiceField(required=False, label="Localities",
                                           help_text="Leave empty for every locality.",
                                           choices=Locality.choices, widget=forms.CheckboxSelectMultiple)
    interests = TopicChoiceField(
        required=False, label="Interested in", help_text="Members interested in any of these. Leave empty for all.",
        widget=forms.CheckboxSelectMultiple,
        queryset=Topic.objects.filter(kind__in=[Topic.Kind.PATHWAY, Topic.Kind.PROGRAMME_AREA])
        .order_by("-kind", "sort_order"))
    include_paused = forms.BooleanField(required=False, label="Also invite paused members")
    starter = forms.ChoiceField(
        label="Message", choices=[("", "Write my own")] + [(key, subject) for key, (subject, _) in
                                                           INVITATION_STARTERS.items()],
        required=False, help_text="Start from a standard message, or write your own below.")
    subject = forms.CharField(required=False, max_length=200, label="Subject")
    message = forms.CharField(required=False, label="Your message", widget=forms.Textarea(attrs={"rows": 6}))
    link_url = forms.URLField(label="Link", help_text="The event or engagement page members should go to.",
                              assume_scheme="https")

    def clean(self):
        cleaned = super().clean()
        starter = INVITATION_STARTERS.get(cleaned.get("starter") or "")
        if starter:
            cleaned["subject"] = cleaned.get("subject") or starter[0]
            cleaned["message"] = cleaned.get("message") or starter[1]
        if not cleaned.get("subject"):
            self.add_error("subject", "Write a subject, or choose a standard message.")
        if not cleaned.get("message"):
            self.add_error("message", "Write a message, or choose a standard message.")
        return cleaned

    def statuses(self):
        statuses = [Application.Status.ACTIVE]
        if self.cleaned_data.get("include_paused"):
            statuses.append(Application.Status.PAUSED)
        return statuses

    def filters(self):
        """The filters as plain data, stored with the invitation."""
        return {
            "localities": self.cleaned_data.get("localities") or [],
            "interests": [topic.pk for topic in self.cleaned_data.get("interests") or []],
            "statuses": self.statuses(),
        }
