"""The pages reached from links in our e-mails. Included at /subscriptions/ in config/urls.py."""
from django.urls import path

from . import views

app_name = "newsletters"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("confirm/<str:token>/new-link/", views.resend, name="resend"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("test-link/", views.test_link, name="test_link"),
]
