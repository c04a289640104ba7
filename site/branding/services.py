"""Branding assets: what the library lists, file replacement and counting downloads."""
import logging
import os

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import BrandingAsset

logger = logging.getLogger(__name__)


class AssetFileMissing(Exception):
    """The asset's file is not in storage (deleted by hand, or a restore without files)."""


def assets_by_category():
    """[(category label, [assets])] in the categories' order, empty categories left out.

    One query, however many assets there are.
    """
    assets = list(BrandingAsset.objects.order_by("title", "pk"))
    groups = []
    for value, label in BrandingAsset.Category.choices:
        members = [asset for asset in assets if asset.category == value]
        if members:
            groups.append((label, members))
    return groups


def take_new_file_details(asset):
    """A new file makes a new version: remember the file's own name and size, and that the
    asset was updated now. Returns the storage name of the file it replaces (or None)."""
    asset.original_filename = os.path.basename(asset.file.name)
    asset.file_size = asset.file.size
    asset.file_updated_at = timezone.now()
    if asset.pk is None:
        return None
    return BrandingAsset.objects.filter(pk=asset.pk).values_list("file", flat=True).first() or None


def delete_file_after_commit(name):
    """Remove a replaced or deleted asset's file once the change is committed (a rolled-back
    edit keeps it), unless another asset still uses it."""
    storage = BrandingAsset._meta.get_field("file").storage

    def delete():
        if not BrandingAsset.objects.filter(file=name).exists():
            storage.delete(name)

    transaction.on_commit(delete)


def open_for_download(asset):
    """Open the asset's file and count the download (atomically, so downloads at the same
    moment are all counted). Raises AssetFileMissing, counting nothing, when the file is gone.
    """
    try:
        handle = asset.file.storage.open(asset.file.name, "rb")
    except FileNotFoundError as error:
        logger.error("Branding asset %s: file %s is missing from storage", asset.pk, asset.file.name)
        raise AssetFileMissing(asset.file.name) from error
    BrandingAsset.objects.filter(pk=asset.pk).update(download_count=F("download_count") + 1)
    return handle


def library_page():
    """The live branding library page, if there is one."""
    from .models import BrandingLibraryPage

    return BrandingLibraryPage.objects.live().first()
