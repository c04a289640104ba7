"""A start-up check: private files must never sit where a public URL serves files."""
from django.conf import settings
from django.core.checks import Error, register

from .storage import PrivateFileSystemStorage, is_inside, private_storage


@register()
def check_private_media_root(app_configs, **kwargs):
    storage = private_storage()
    if not isinstance(storage, PrivateFileSystemStorage):
        return []  # e.g. a private S3 bucket: its privacy is the bucket's policy
    static_dirs = [entry[1] if isinstance(entry, tuple | list) else entry
                   for entry in getattr(settings, "STATICFILES_DIRS", [])]
    public_folders = [settings.MEDIA_ROOT, settings.STATIC_ROOT, *static_dirs]
    return [
        Error(
            f"PRIVATE_MEDIA_ROOT ({storage.location}) is inside {folder}, which is served publicly.",
            hint="Set PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT and the static folders.",
            id="branding.E001",
        )
        for folder in public_folders
        if folder and is_inside(storage.location, folder)
    ]
