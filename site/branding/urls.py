from django.urls import path

from . import views

app_name = "branding"

urlpatterns = [
    path("assets/<int:pk>/download/", views.download_asset, name="download_asset"),
]
