"""Equality monitoring answers: special category data, kept apart from who gave them.

One row per set of answers, linked to what they were given with (a User Group application,
or a response to an engagement exercise). Only staff with
`engagement.view_equality_monitoring` may see a person's answers, and each look is audit-logged.
When an application is anonymised the link is cut, so the answers still count in reports but
say nothing about anyone.
"""
from django.db import models
from django.utils import timezone

from .. import equality


def _answer_field(q):
    return models.CharField(max_length=30, choices=q.choices, blank=True, verbose_name=q.report_label)


class EqualityMonitoring(models.Model):
    class Context(models.TextChoices):
        USER_GROUP = "user_group", "User Group application"
        FEEDBACK = "feedback", "Engagement feedback"

    context = models.CharField(max_length=30, choices=Context.choices, default=Context.USER_GROUP, db_index=True)
    application = models.OneToOneField(
        "engagement.UserGroupApplication", null=True, blank=True, on_delete=models.CASCADE,
        related_name="equality",
    )
    response = models.OneToOneField(
        "engagement.Response", null=True, blank=True, on_delete=models.CASCADE, related_name="equality",
    )
    age_band = _answer_field(equality.question("age_band"))
    sex = _answer_field(equality.question("sex"))
    gender_identity_same = _answer_field(equality.question("gender_identity_same"))
    ethnic_group = _answer_field(equality.question("ethnic_group"))
    disability = _answer_field(equality.question("disability"))
    sexual_orientation = _answer_field(equality.question("sexual_orientation"))
    religion = _answer_field(equality.question("religion"))
    unpaid_carer = _answer_field(equality.question("unpaid_carer"))
    consent_version = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Version of the 'equality_monitoring' consent wording agreed to, if any.")
    recorded_at = models.DateTimeField(default=timezone.now, help_text="Cut to the month once anonymised.")

    class Meta:
        verbose_name = "equality monitoring answers"
        verbose_name_plural = "equality monitoring answers"
        permissions = [("view_equality_monitoring", "Can see equality monitoring answers (special category data)")]

    def __str__(self):
        return f"Equality monitoring answers {self.pk}"

    def answers(self):
        return {field: getattr(self, field) for field in equality.QUESTION_FIELDS if getattr(self, field)}

    def labelled_answers(self):
        """[(question, answer)] for every question, 'Not answered' where blank."""
        return [(q.label, equality.answer_label(q.field, getattr(self, q.field)) or "Not answered")
                for q in equality.QUESTIONS]
