"""Wiring only: the "Personal data" admin menu group and its views live in views.py; subject
access requests and their dashboard panel in subject_access.py."""
from django.urls import reverse
from wagtail import hooks

from .subject_access import attention_panel
from .views import PersonalDataViewSetGroup


@hooks.register("register_admin_viewset")
def register_personal_data_viewsets():
    return PersonalDataViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_subject_access_panel(request, panels):
    if panel := attention_panel(request.user, reverse("subject-access-requests:index")):
        panels.append(panel)
