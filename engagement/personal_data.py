"""The User Group's personal data, declared to the privacy registry (see apps.py).

Equality answers are registered first, so that erasing a person reports them before the
application they belong to is deleted.
"""
from privacy.registry import PersonalDataSource

from . import app_settings
from .equality import QUESTION_FIELDS, answer_label
from .models import EqualityMonitoring, UserGroupApplication
from .services import user_group


class EqualityMonitoringData(PersonalDataSource):
    model = EqualityMonitoring
    label = "User Group equality monitoring answers"
    special_category = True
    email_field = "application__email"
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
    retention_field = "status_changed_at"
    export_fields = ("name", "email", "phone", "preferred_contact", "postcode", "locality", "lived_experience",
                     "participation", "availability", "access_needs", "heard_about", "heard_about_other",
                     "status", "consent_version", "created_at", "applied_again_at")

    @property
    def retention_days(self):
        return app_settings.user_group_retention_days()

    @property
    def retention_description(self):
        return (f"Kept while the person is applying or a member. {self.retention_days} days after they leave "
                "(or are not taken forward) their name, contact details and notes are deleted; only "
                "anonymous counts are kept.")

    def find(self, email):
        return super().find(email).prefetch_related("interests", "notes", "status_changes")

    def export_record(self, record):
        exported = super().export_record(record)
        exported["interests"] = [topic.name for topic in record.interests.all()]
        exported["status_history"] = [
            {"from": change.from_status, "to": change.to_status, "reason": change.reason,
             "when": change.changed_at.isoformat()} for change in record.status_changes.all()]
        exported["staff_notes"] = [
            {"kind": note.kind, "text": note.text, "when": note.created_at.isoformat()} for note in record.notes.all()]
        return exported

    def erase(self, email):
        return user_group.erase_applications(email)

    def expired(self, now):
        return user_group.expired_applications(now)

    def apply_retention(self, now):
        """Anonymise (not delete): the dashboard keeps counting what was anonymous anyway."""
        return user_group.anonymise_expired(now)
