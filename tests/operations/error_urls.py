"""The site's URLs plus two that fail on purpose, for the error page tests."""
from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler404, handler429, handler500, urlpatterns as site_urlpatterns  # noqa: F401


def refuse(request):
    raise PermissionDenied


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [path("refuse/", refuse), path("crash/", crash), *site_urlpatterns]
