from django.urls import path

from . import views

app_name = "involvement"

urlpatterns = [
    path("claim/<str:token>/", views.claim, name="claim"),
    path("claim/<str:token>/expense/", views.add_expense, name="add_expense"),
    path("claim/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("claim/<str:token>/expense/<int:line_id>/remove/", views.remove_expense, name="remove_expense"),
]
