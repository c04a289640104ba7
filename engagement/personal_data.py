"""The User Group's personal data, declared to the privacy registry (see apps.py).

Equality answers are registered first, so that erasing a person reports them before the
application they belong to is deleted.
"""
from django.conf import settings

from privacy.people import Person
from privacy.registry import PersonalDataSource

from . import app_settings
from .equality import QUESTION_FIELDS, answer_label
from .models import ApplicationNote, BlockedSender, EqualityMonitoring, Response, UserGroupApplication
from .services import user_group


class EqualityMonitoringData(PersonalDataSource):
    model = EqualityMonitoring
    label = "User Group equality monitoring answers"
    special_category = True
    email_field = "application__email"
    phone_field = "application__phone"
    retention_field = "recorded_at"
    export_fields = ("context", "age_band", "sex", "gender_identity_same", "ethnic_group", "disability",
                     "sexual_orientation", "religion", "unpaid_carer", "consent_version", "recorded_at")
    retention_description = (
        "Kept with the application. When the application is anonymised, the answers are kept "
        "without anything that links them to the person, for equality reports."
    )

    def export_record(self, record):
        """The answers in words, as the person saw them."""
        exported = super().export_record(record)
        for field in QUESTION_FIELDS:
            exported[field] = answer_label(field, exported[field])
        return exported

    def expired(self, now):
        # Anonymising the application (UserGroupApplicationData) detaches these; nothing to do here.
        return self.model.objects.none()


class UserGroupApplicationData(PersonalDataSource):
    model = UserGroupApplication
    label = "User Group applications"
    phone_field = "phone"
    retention_field = "status_changed_at"
    export_fields = ("name", "email", "phone", "preferred_contact", "postcode", "locality", "lived_experience",
                     "participation", "availability", "access_needs", "heard_about", "heard_about_other",
                     "status", "consent_version", "language", "created_at", "applied_again_at")
    field_labels = {
        "email": "E-mail address", "phone": "Phone number", "heard_about_other": "Where else they heard about it",
        "participation": "How they would like to take part", "availability": "When they are free",
        "consent_version": "Version of the consent wording agreed to", "applied_again_at": "Applied again",
        "interests": "Interested in", "status_history": "Status history", "staff_notes": "Notes by staff",
        "status_history.from": "From", "status_history.to": "To", "status_history.reason": "Reason",
        "status_history.when": "When", "staff_notes.kind": "Kind", "staff_notes.text": "Text",
        "staff_notes.when": "When",
    }
    value_labels = {
        "participation": UserGroupApplication.Participation.choices,
        "availability": UserGroupApplication.Availability.choices,
        "status_history.from": UserGroupApplication.Status.choices,
        "status_history.to": UserGroupApplication.Status.choices,
        "staff_notes.kind": ApplicationNote.Kind.choices,
        "language": settings.LANGUAGES,
    }

    @property
    def retention_days(self):
        return app_settings.user_group_retention_days()

    @property
    def retention_description(self):
        return (f"Kept while the person is applying or a member. {self.retention_days} days after they leave "
                "(or are not taken forward) their name, contact details and notes are deleted; only "
                "anonymous counts are kept.")

    def find(self, who):
        return super().find(who).prefetch_related("interests", "notes", "status_changes")

    def export_record(self, record):
        exported = super().export_record(record)
        exported["interests"] = [topic.name for topic in record.interests.all()]
        # The first change (the application arriving) came from no status: it has no "From".
        exported["status_history"] = [
            {**({"from": change.from_status} if change.from_status else {}), "to": change.to_status,
             "reason": change.reason, "when": change.changed_at.isoformat()}
            for change in record.status_changes.all()]
        exported["staff_notes"] = [
            {"kind": note.kind, "text": note.text, "when": note.created_at.isoformat()} for note in record.notes.all()]
        return exported

    def erase(self, who):
        return user_group.erase_applications(self.find(who))

    def expired(self, now):
        return user_group.expired_applications(now)

    def apply_retention(self, now):
        """Anonymise (not delete): the dashboard keeps counting what was anonymous anyway."""
        return user_group.anonymise_expired(now)


class FeedbackEqualityData(EqualityMonitoringData):
    """Equality answers given with engagement feedback (registered before the responses)."""

    label = "Engagement feedback equality monitoring answers"
    special_category = True
    email_field = "response__email"
    phone_field = None  # feedback is never kept with a phone number
    retention_description = (
        "Kept with the response. When the e-mail address is removed from the response, nothing links "
        "the answers to the person any more; they are kept for equality reports."
    )

    @property
    def key(self):
        return "engagement.equalitymonitoring.feedback"

    def expired(self, now):
        return self.model.objects.none()  # removing the response's e-mail address unlinks them


class FeedbackResponseData(PersonalDataSource):
    model = Response
    label = "Engagement feedback responses"
    special_category = True  # people write about their health and care
    export_fields = ("status", "channel", "locality", "publish_consent", "display_name", "email", "wants_updates",
                     "updates_stopped_at", "language", "submitted_at")
    value_labels = {"language": settings.LANGUAGES}

    @property
    def retention_days(self):
        return app_settings.feedback_contact_retention_days()

    @property
    def retention_description(self):
        return (f"{self.retention_days} days after the engagement closes, e-mail and internet addresses are "
                "removed and rejected responses deleted. What people said is kept without them, and is only "
                "ever quoted within the consent they gave.")

    def find(self, who):
        return super().find(who).select_related("exercise").prefetch_related("answers", "themes")

    def export_record(self, record):
        exported = super().export_record(record)
        exported["exercise"] = record.exercise.title
        exported["answers"] = [{"question": answer.question, "answer": answer.text,
                                "published_as": answer.public_text} for answer in record.answers.all()]
        exported["themes"] = [theme.title for theme in record.themes.all()]
        return exported

    def erase(self, who):
        from .services.feedback import erase_responses

        return erase_responses(self.find(who))

    def expired(self, now):
        from .services.feedback import expired_responses

        return expired_responses(now)

    def apply_retention(self, now):
        from .services.feedback import apply_retention

        return apply_retention(now)


class BlockedSenderData(PersonalDataSource):
    """Blocks hold only keyed hashes of an address, found by hashing the address asked about."""

    model = BlockedSender
    label = "Blocked feedback senders"
    export_fields = ("reason", "created_at")
    retention_field = "created_at"
    retention_days = 730
    retention_description = "A block is lifted two years after staff made it."

    def find(self, who):
        from privacy.services import email_digest

        person = Person.of(who)
        return self.model.objects.filter(email_digest=email_digest(person.email)) if person.email \
            else self.model.objects.none()
