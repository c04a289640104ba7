"""Where branding asset files live: the "private" storage, which has no public URL.

Files are only ever served by the download view, after its permission check. Settings choose
the backend (STORAGES["private"]): on one server, PrivateFileSystemStorage under
PRIVATE_MEDIA_ROOT (outside MEDIA_ROOT, so no /media/ address reaches them); with S3, a
private bucket. Changing the backend needs no migration: the field asks for the alias.
"""
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

PRIVATE_STORAGE_ALIAS = "private"


def private_storage():
    """The storage for private files (FileField's storage callable)."""
    return storages[PRIVATE_STORAGE_ALIAS]


class PrivateFileUrlError(ValueError):
    """Private files have no URL; link to the app's download view instead."""


@deconstructible(path="branding.storage.PrivateFileSystemStorage")
class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk under PRIVATE_MEDIA_ROOT, with no URL.

    FileSystemStorage(base_url=None) would fall back to MEDIA_URL, so url() refuses
    instead: a template that tries to link to a private file fails loudly.
    """

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, base_url=None, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise PrivateFileUrlError(f"{name} is a private file and has no URL")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


def is_inside(path, folder):
    """Is `path` the folder `folder` or somewhere below it?"""
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([path, folder]) == folder
