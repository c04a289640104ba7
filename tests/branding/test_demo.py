from wagtail.models import Revision

from base.models import SectionIndexPage
from branding.demo import load_demo
from branding.models import BrandingAsset, BrandingLibraryPage
from tests.factories import make_page


def test_demo_library_loads_once_and_again_changes_nothing(home_page):
    make_page(home_page, SectionIndexPage, title="Publications", slug="publications")
    lines = load_demo()
    assert "Branding assets: 4 created, 0 restored, 0 unchanged" in lines
    page = BrandingLibraryPage.objects.get()
    assert page.url == "/publications/branding/"
    assert "A range of templates is available" in page.introduction
    assert "style guide" in page.introduction
    files = {asset.original_filename: asset for asset in BrandingAsset.objects.all()}
    assert {asset.file_type for asset in files.values()} == {
        "Word document", "PowerPoint presentation", "PNG image", "PDF"}

    revisions, stored = Revision.objects.count(), {a.pk: a.file.name for a in BrandingAsset.objects.all()}
    again = load_demo()
    assert "Branding assets: 0 created, 0 restored, 4 unchanged" in again
    assert Revision.objects.count() == revisions
    assert {a.pk: a.file.name for a in BrandingAsset.objects.all()} == stored


def test_demo_puts_back_a_missing_file_at_the_same_address(home_page):
    make_page(home_page, SectionIndexPage, title="Publications", slug="publications")
    load_demo()
    asset = BrandingAsset.objects.get(category=BrandingAsset.Category.LOGOS)
    url = asset.download_url
    asset.file.storage.delete(asset.file.name)
    assert "Branding assets: 0 created, 1 restored, 3 unchanged" in load_demo()
    asset.refresh_from_db()
    assert asset.download_url == url and asset.file.storage.exists(asset.file.name)
