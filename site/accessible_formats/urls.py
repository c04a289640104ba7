"""Included at /other-formats/ in config/urls.py."""
from django.urls import path

from . import views

app_name = "accessible_formats"

urlpatterns = [
    path("<int:page_id>/", views.request_format, name="request"),
    path("sent/<int:pk>/", views.request_sent, name="sent"),
]
