import pytest

from base.models import SectionIndexPage, StandardPage
from tests.factories import make_page


@pytest.fixture
def about(home_page, commit):
    """A section with one page in it, published as staff would (its purges done)."""
    with commit():
        section = make_page(home_page, SectionIndexPage, title="About us", slug="about")
        make_page(section, StandardPage, title="Our partners", slug="partners")
    return section
