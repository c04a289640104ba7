import pytest
from django.core.files.base import ContentFile

from accounts.roles import COMMS_TEAM

from base.models import SectionIndexPage
from branding.models import BrandingAsset, BrandingLibraryPage
from tests.factories import UserFactory, activate_totp, make_page

WORD_BYTES = b"PK\x03\x04 a pretend Word document"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Each test's private files in its own folder, beside (never inside) MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


@pytest.fixture
def make_asset(db):
    def make(title="Letter template", filename="letter-template.docx", content=WORD_BYTES,
             category=BrandingAsset.Category.TEMPLATES, **fields):
        asset = BrandingAsset(title=title, category=category, **fields)
        asset.file = ContentFile(content, name=filename)
        asset.save()
        return asset

    return make


@pytest.fixture
def asset(make_asset):
    return make_asset()


@pytest.fixture
def library_page(home_page):
    publications = make_page(home_page, SectionIndexPage, title="Publications", slug="publications")
    return make_page(publications, BrandingLibraryPage, title="Branding templates and style guide",
                     slug="branding", summary="Templates, logos and the style guide.")


@pytest.fixture
def comms_user(db):
    """A Comms team member who has set up two-factor authentication (their role needs it)."""
    user = UserFactory(groups=[COMMS_TEAM])
    activate_totp(user)
    return user
