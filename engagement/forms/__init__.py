"""Engagement forms, one module per concern: the User Group and engagement feedback."""
from .feedback import (  # noqa: F401
    ActionStatusForm, ApproveForm, ChooseExerciseForm, ExerciseFilterForm, FeedbackEqualityForm,
    FeedbackEqualityPagesForm, OutcomeFilterForm, ProgressUpdateForm, ReasonForm, ResponseForm, SafeguardingForm,
    StaffResponseForm, ThemesForm, is_spam,
)
from .user_group import (  # noqa: F401
    INVITATION_STARTERS, ApplicantEmailForm, AssignForm, InvitationForm, NoteForm, StatusChangeForm,
    TopicChoiceField, UserGroupApplicationForm,
)

__all__ = [
    "ActionStatusForm", "ApplicantEmailForm", "ApproveForm", "AssignForm", "ChooseExerciseForm", "ExerciseFilterForm",
    "FeedbackEqualityForm", "FeedbackEqualityPagesForm", "INVITATION_STARTERS", "InvitationForm", "NoteForm",
    "OutcomeFilterForm", "ProgressUpdateForm", "ReasonForm", "ResponseForm", "SafeguardingForm", "StaffResponseForm",
    "StatusChangeForm", "ThemesForm", "TopicChoiceField", "UserGroupApplicationForm", "is_spam",
]
