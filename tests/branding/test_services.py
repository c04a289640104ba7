from datetime import datetime, timezone as dt_timezone

import pytest
from django.core.files.base import ContentFile

from branding import files
from branding.models import BrandingAsset
from branding.services import assets_by_category, open_for_download, AssetFileMissing


@pytest.mark.parametrize("name, size, expected", [
    ("template.docx", 42 * 1024, "Word document, 42 KB"),
    ("slides.PPTX", 300, "PowerPoint presentation, 1 KB"),
    ("guide.pdf", int(1.5 * 1024 * 1024), "PDF, 1.5 MB"),
    ("logo.png", 2 * 1024 * 1024, "PNG image, 2 MB"),
    ("logo.ai", 2048, "AI file, 2 KB"),
    ("guide.pdf", None, "PDF"),
])
def test_describe_file(name, size, expected):
    assert files.describe_file(name, size) == expected


def test_content_type_comes_from_the_extension():
    assert files.content_type("a.pdf") == "application/pdf"
    assert files.content_type("a.unknown") == "application/octet-stream"


def test_assets_are_grouped_in_category_order(make_asset):
    Category = BrandingAsset.Category
    make_asset(title="Style guide", filename="guide.pdf", category=Category.STYLE_GUIDE)
    make_asset(title="Logo", filename="logo.png", category=Category.LOGOS)
    make_asset(title="Slides", filename="slides.pptx", category=Category.TEMPLATES)
    make_asset(title="Letter", filename="letter.docx", category=Category.TEMPLATES)
    groups = [(label, [asset.title for asset in assets]) for label, assets in assets_by_category()]
    assert groups == [("Templates", ["Letter", "Slides"]), ("Logos", ["Logo"]), ("Style guide", ["Style guide"])]


def test_a_new_asset_takes_its_file_details(asset):
    assert asset.original_filename == "letter-template.docx"
    assert asset.file_size == len(b"PK\x03\x04 a pretend Word document")
    assert asset.file_updated_at is not None
    assert asset.file_type == "Word document"
    assert asset.file_description == "Word document, 1 KB"


def test_replacing_the_file_updates_the_details_and_removes_the_old_file(
        asset, django_capture_on_commit_callbacks):
    BrandingAsset.objects.filter(pk=asset.pk).update(file_updated_at=datetime(2023, 7, 14, tzinfo=dt_timezone.utc))
    asset.refresh_from_db()
    old_name, url = asset.file.name, asset.download_url
    storage = asset.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        asset.file = ContentFile(b"%PDF-1.4 new", name="Letter template v2.pdf")
        asset.save()

    asset.refresh_from_db()
    assert asset.download_url == url
    assert asset.original_filename == "Letter template v2.pdf"
    assert asset.file_size == 12
    assert asset.file_updated_at.year > 2023
    assert storage.exists(asset.file.name)
    assert not storage.exists(old_name)


def test_saving_without_a_new_file_keeps_the_last_updated_date(asset):
    updated = asset.file_updated_at
    asset.title = "New title"
    asset.save()
    asset.refresh_from_db()
    assert asset.file_updated_at == updated


def test_deleting_an_asset_removes_its_file(asset, django_capture_on_commit_callbacks):
    storage, name = asset.file.storage, asset.file.name
    with django_capture_on_commit_callbacks(execute=True):
        asset.delete()
    assert not storage.exists(name)


def test_open_for_download_counts(asset):
    with open_for_download(asset) as handle:
        assert handle.read().startswith(b"PK")
    asset.refresh_from_db()
    assert asset.download_count == 1


def test_open_for_download_of_a_missing_file_raises_and_counts_nothing(asset):
    asset.file.storage.delete(asset.file.name)
    with pytest.raises(AssetFileMissing):
        open_for_download(asset)
    asset.refresh_from_db()
    assert asset.download_count == 0
