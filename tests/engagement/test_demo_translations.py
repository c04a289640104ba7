"""The demo's Punjabi, Urdu, Polish and Easy Read versions of the User Group page: made through
wagtail-localize (Easy Read through Wagtail's copy for translation), published, and never
claimed as checked by a translator."""
import pytest
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation

from base.models import SectionIndexPage, UncheckedTranslation
from engagement import demo, demo_translations
from engagement.models import UserGroupApplicationPage
from tests.factories import UserFactory, make_page
from tests.privacy.conftest import activate_totp, signed_in

pytestmark = pytest.mark.django_db

NOTE = "Demo translation – to be checked by a translator before going live"


@pytest.fixture
def join_page(home_page):
    get_involved = make_page(home_page, SectionIndexPage, title="Get involved", slug="get-involved")
    fields = {name: value for name, value in demo.PAGE.items() if name != "slug"}
    return make_page(get_involved, UserGroupApplicationPage, slug=demo.PAGE["slug"], **fields)


def test_each_language_gets_a_published_version(client, join_page, commit):
    with commit():  # wagtail-localize publishes a translation once its transaction commits
        assert demo_translations.load_demo() == ["User Group page demo translations made: pa, ur, pl, en-x-easyread"]

    urdu = client.get("/ur/get-involved/join-the-user-group/").content.decode()
    assert "یوزر گروپ میں شامل ہوں" in urdu
    assert "ہیلتھ واچ والسال سے کوئی 10 کاروباری دنوں کے اندر آپ سے رابطہ کرے گا۔" in urdu
    assert "Dołącz do Grupy Użytkowników" in client.get("/pl/get-involved/join-the-user-group/").content.decode()
    assert "ਯੂਜ਼ਰ ਗਰੁੱਪ ਵਿੱਚ ਸ਼ਾਮਲ ਹੋਵੋ" in client.get("/pa/get-involved/join-the-user-group/").content.decode()
    easy_read = client.get("/en-x-easyread/get-involved/join-the-user-group/").content.decode()
    assert "<p>Healthwatch Walsall runs the group.</p>" in easy_read  # one idea a line

    english = client.get("/get-involved/join-the-user-group/").content.decode()
    assert "Walsall Together User Group is for people who live in Walsall" in english


def test_translations_go_through_wagtail_localize_marked_as_machine_made(join_page):
    demo_translations.load_demo()
    languages = set(Translation.objects.values_list("target_locale__language_code", flat=True))
    assert languages == {"pa", "ur", "pl"}
    made = StringTranslation.objects.filter(locale__language_code="ur")
    assert made.count() == 8 and set(made.values_list("translation_type", flat=True)) == {"machine"}


def test_none_is_claimed_as_checked_and_staff_see_it_when_editing(join_page):
    demo_translations.load_demo()
    unchecked = UncheckedTranslation.objects.select_related("page__locale")
    assert sorted(entry.page.locale.language_code for entry in unchecked) == ["en-x-easyread", "pa", "pl", "ur"]
    assert {entry.note for entry in unchecked} == {NOTE}

    admin = signed_in(activate_totp(UserFactory(is_superuser=True, is_staff=True)))
    urdu = join_page.get_translation(Locale.objects.get(language_code="ur"))
    assert NOTE in admin.get(f"/admin/pages/{urdu.pk}/edit/").content.decode()
    assert NOTE not in admin.get(f"/admin/pages/{join_page.pk}/edit/").content.decode()
    listing = admin.get("/admin/translations-to-check/").content.decode()
    assert "Translations to check" in listing and "یوزر گروپ میں شامل ہوں" in listing


def test_loading_again_changes_nothing(join_page):
    demo_translations.load_demo()
    pages = Page.objects.count()
    assert demo_translations.load_demo() == ["User Group page demo translations made: none (already there)"]
    assert Page.objects.count() == pages


@pytest.fixture
def outcomes_2018(join_page):
    from engagement import demo_feedback
    from engagement.models import EngagementIndexPage

    index = make_page(join_page.get_parent(), EngagementIndexPage, title="Have your say", slug="have-your-say")
    return demo_feedback.load_exercise(index, demo_feedback.OUTCOMES_2018, partners=[], topics=[])


def test_the_2018_outcomes_summary_has_an_easy_read_version_with_pictures(client, outcomes_2018, settings,
                                                                          tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    from newsletters.demo import PARTNERS_IMAGE, USER_GROUP_IMAGE

    lines = demo_translations.load_demo()
    assert lines[-1] == "2018 outcomes summary in Easy Read: made"
    address = "/en-x-easyread/get-involved/have-your-say/outcomes-framework-2018/you-said-we-did/"
    response = client.get(address)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>You do not want to tell your story again and again.</p>" in html  # one idea a line
    for alt_text in (PARTNERS_IMAGE[1], USER_GROUP_IMAGE[1]):  # the demo's pictures, each with its alt text
        assert f'alt="{alt_text}"' in html
    about = client.get("/en-x-easyread/get-involved/have-your-say/outcomes-framework-2018/").content.decode()
    assert '<html lang="en-x-easyread" dir="ltr"' in about and "<p>We asked for 4 weeks.</p>" in about

    easy_read = outcomes_2018.get_translation(Locale.objects.get(language_code="en-x-easyread"))
    assert UncheckedTranslation.objects.filter(page=easy_read, note=NOTE).exists()  # a demo to check
    english = client.get("/get-involved/have-your-say/outcomes-framework-2018/you-said-we-did/").content.decode()
    assert "Thank you to everyone who gave their views in summer 2018" in english
    assert demo_translations.load_demo()[-1] == "2018 outcomes summary in Easy Read: already there"
