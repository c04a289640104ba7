import io
import zipfile

from PIL import Image
from wagtail.models import Revision

from base.models import SectionIndexPage
from branding import demo_files
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


def test_demo_office_files_are_valid_packages():
    for data, main_part in [(demo_files.make_docx("Title", [("Normal", "Text & more")]), "word/document.xml"),
                            (demo_files.make_pptx("Title", "Subtitle"), "ppt/slides/slide1.xml")]:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert package.testzip() is None
            assert package.namelist()[0] == "[Content_Types].xml"
            assert main_part in package.namelist()
            assert "Text &amp; more" in package.read(main_part).decode() or main_part.startswith("ppt")


def test_demo_png_and_pdf_are_valid():
    image = Image.open(io.BytesIO(demo_files.make_png("Walsall Together")))
    assert (image.format, image.size) == ("PNG", (600, 200))
    pdf = demo_files.make_pdf("Guide – colours", [("heading", "Logo"), ("text", "Use it as supplied. " * 200)])
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/Count 2" in pdf  # long text runs onto a second page
    startxref = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    assert pdf[startxref:].startswith(b"xref")


def test_demo_files_are_the_same_every_time():
    assert demo_files.make_pptx("A", "B") == demo_files.make_pptx("A", "B")
    assert demo_files.make_pdf("A", [("text", "B")]) == demo_files.make_pdf("A", [("text", "B")])
