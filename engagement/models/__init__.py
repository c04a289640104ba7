"""Engagement models, one module per concern: the User Group (page, applications and their
screening), equality monitoring answers (reused by other feedback forms) and reach targets."""
from .equality import EqualityMonitoring
from .reach import ReachTarget
from .user_group import (
    ApplicationNote, StatusChange, UserGroupApplication, UserGroupApplicationPage, UserGroupInvitation,
)

__all__ = [
    "ApplicationNote", "EqualityMonitoring", "ReachTarget", "StatusChange", "UserGroupApplication",
    "UserGroupApplicationPage", "UserGroupInvitation",
]
