"""Engagement addresses that are not a page's: the "stop sending me updates" link in e-mails."""
from django.urls import path

from .views.feedback import stop_updates

urlpatterns = [
    path("updates/stop/<str:token>/", stop_updates, name="feedback_stop_updates"),
]
