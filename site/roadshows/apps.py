from django.apps import AppConfig


class RoadshowsConfig(AppConfig):
    name = "roadshows"
    verbose_name = "Staff roadshows"
