from django.apps import AppConfig


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = "Site pages"

    def ready(self):
        from privacy.registry import register

        from .personal_data import ContactMessageData

        register(ContactMessageData())
        self.purge_page_cache_on_changes()
        from .spreadsheets import neutralise_wagtail_exports

        neutralise_wagtail_exports()

    @staticmethod
    def purge_page_cache_on_changes():
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Locale, Site
        from wagtailmedia import get_media_model

        from . import page_cache
        from .models import FooterLink

        page_cache.connect_signals()
        page_cache.purge_on_change(FooterLink, Site, Locale, get_image_model(), get_document_model(), get_media_model())
