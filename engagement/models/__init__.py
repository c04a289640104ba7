"""Engagement models, one module per concern: the User Group (page, applications and their
screening), equality monitoring answers (reused by other feedback forms), reach targets, and
engagement exercises with their feedback, themes and actions ("You said, we did")."""
from .equality import EqualityMonitoring
from .exercises import EngagementExercisePage, EngagementIndexPage, PartnerOrganisation, YouSaidWeDidIndexPage
from .feedback import (
    Action, ActionUpdate, Answer, BlockedSender, EvidenceLink, ExerciseTally, Response, Theme, ThemeTally,
)
from .reach import ReachTarget
from .user_group import (
    ApplicationNote, StatusChange, UserGroupApplication, UserGroupApplicationPage, UserGroupInvitation,
)

__all__ = [
    "Action", "ActionUpdate", "Answer", "ApplicationNote", "BlockedSender", "EngagementExercisePage",
    "EngagementIndexPage", "EqualityMonitoring", "EvidenceLink", "ExerciseTally", "PartnerOrganisation",
    "ReachTarget", "Response", "StatusChange", "Theme", "ThemeTally", "UserGroupApplication",
    "UserGroupApplicationPage", "UserGroupInvitation", "YouSaidWeDidIndexPage",
]
