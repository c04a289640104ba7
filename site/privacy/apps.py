from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Personal data"

    def ready(self):
        from .personal_data import ConsentRecordData, SubjectAccessRequestData
        from .registry import register

        register(ConsentRecordData())
        register(SubjectAccessRequestData())
