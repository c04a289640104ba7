"""Engagement addresses that are not a page's: the "stop sending me updates" link in feedback
e-mails and the "stop receiving invitations" link in User Group invitations."""
from django.urls import path

from .views.feedback import stop_updates
from .views.invitation_optout import stop_invitations

urlpatterns = [
    path("updates/stop/<str:token>/", stop_updates, name="feedback_stop_updates"),
    path("user-group/invitations/stop/<str:token>/", stop_invitations, name="user_group_stop_invitations"),
]
