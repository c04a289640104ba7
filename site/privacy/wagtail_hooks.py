"""Wiring only: the "Personal data" admin menu group and its views live in views.py."""
from wagtail import hooks

from .views import PersonalDataViewSetGroup


@hooks.register("register_admin_viewset")
def register_personal_data_viewsets():
    return PersonalDataViewSetGroup()
