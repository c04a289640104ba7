"""Engagement forms, one module per concern: the User Group and engagement feedback."""
from .feedback import (  # noqa: F401
    ActionStatusForm, ApproveForm, ChooseExerciseForm, ExerciseFilterForm, OutcomeFilterForm, ProgressUpdateForm,
    ReasonForm, ResponseForm, SafeguardingForm, StaffResponseForm, ThemesForm, feedback_equality_form,
)
from .user_group import (  # noqa: F401
    INVITATION_STARTERS, ApplicantEmailForm, AssignForm, InvitationForm, NoteForm, StatusChangeForm,
    TopicChoiceField, UserGroupApplicationForm,
)

__all__ = [
    "ActionStatusForm", "ApplicantEmailForm", "ApproveForm", "AssignForm", "ChooseExerciseForm", "ExerciseFilterForm",
    "INVITATION_STARTERS", "InvitationForm", "NoteForm", "OutcomeFilterForm", "ProgressUpdateForm", "ReasonForm",
    "ResponseForm", "SafeguardingForm", "StaffResponseForm", "StatusChangeForm", "ThemesForm",
    "TopicChoiceField", "UserGroupApplicationForm", "feedback_equality_form",
]
