"""The site's own words (locale/*.po): the page chrome, error pages, search, shared form messages,
"Ask for this in another format" and the contact form follow the language of the address; Easy
Read pages keep them in plain English; the person's language is kept for e-mails to them."""
import pytest
from django import forms
from django.core import mail
from django.test import Client
from django.utils import translation

from accessible_formats.models import FormatRequest
from base import question_pages
from base.forms import ContactForm, EmailAddressField, PhoneNumberField
from base.models import ContactMessage, ContactPage, SectionIndexPage, StandardPage
from tests.accessible_formats.conftest import make_publication
from tests.base.test_languages import translate
from tests.factories import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaflet(home_page):
    section = make_page(home_page, SectionIndexPage, title="About us", slug="about", show_in_menus=True)
    make_page(home_page, SectionIndexPage, title="News", slug="news", show_in_menus=True)
    return make_page(section, StandardPage, title="Our leaflet", slug="our-leaflet", summary="What we do.")


def test_a_page_not_found_under_pl_is_in_polish_with_its_chrome(client, home_page):
    response = client.get("/pl/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="pl" dir="ltr"' in html
    assert "<h1>Nie znaleziono strony</h1>" in html
    assert ">Przejdź do treści głównej</a>" in html  # the skip link
    assert 'class="nhsuk-header wt-header" role="banner" lang="pl" dir="ltr"' in html
    assert "Przeszukaj tę stronę internetową" in html and 'placeholder="Szukaj"' in html
    assert "Logowanie dla pracowników" in html  # "Staff sign in"
    assert 'role="contentinfo" lang="pl" dir="ltr"' in html and ">Mapa strony</a>" in html
    assert "Page not found" not in html and "Skip to main content" not in html


def test_the_same_page_not_found_in_english_is_unchanged(client, home_page):
    html = client.get("/no-such-page/").content.decode()
    assert '<html lang="en-GB" dir="ltr"' in html
    assert "<h1>Page not found</h1>" in html and ">Skip to main content</a>" in html
    assert 'role="banner" lang="en-GB" dir="ltr"' in html


def test_urdu_chrome_reads_right_to_left(client, home_page):
    html = client.get("/ur/no-such-page/").content.decode()
    assert '<html lang="ur" dir="rtl"' in html
    assert 'role="banner" lang="ur" dir="rtl"' in html and 'role="contentinfo" lang="ur" dir="rtl"' in html
    assert "صفحہ نہیں ملا" in html and "مرکزی مواد پر جائیں" in html


@pytest.mark.parametrize("code, words", [("pa", "ਪੰਨਾ ਨਹੀਂ ਮਿਲਿਆ"), ("bn", "পাতাটি পাওয়া যায়নি")])
def test_punjabi_in_gurmukhi_and_bengali_have_their_own_words(client, home_page, code, words):
    html = client.get(f"/{code}/no-such-page/").content.decode()
    assert f'<html lang="{code}" dir="ltr"' in html and words in html


def test_easy_read_addresses_keep_the_site_words_in_plain_english(client, home_page):
    # Easy Read pages are written by people; the site's own words around them stay in English.
    html = client.get("/en-x-easyread/no-such-page/").content.decode()
    assert '<html lang="en-GB" dir="ltr"' in html and "<h1>Page not found</h1>" in html


def test_a_translated_page_has_its_chrome_and_menu_in_its_language(client, leaflet):
    translate(leaflet.get_parent().specific, "pl", title="O nas")
    translate(leaflet, "pl", title="Nasza ulotka")
    html = client.get("/pl/about/our-leaflet/").content.decode()
    assert '<html lang="pl" dir="ltr"' in html
    # The menu: the Polish version where there is one, the English page marked as English where not.
    assert '<a class="nhsuk-header__navigation-link" href="/pl/about/" aria-current="page">O nas</a>' in html
    assert 'href="/news/" lang="en-GB" dir="ltr">News</a>' in html
    assert 'aria-label="Ta strona w innych językach"' in html  # the switcher's label
    assert 'aria-label="Ścieżka nawigacji"' in html  # breadcrumbs
    english = client.get("/about/our-leaflet/").content.decode()
    assert '<a class="nhsuk-header__navigation-link" href="/about/" aria-current="page">About us</a>' in english
    assert 'aria-label="This page in other languages"' in english


def test_search_under_pl_is_in_polish(client, leaflet):
    translate(leaflet, "pl", title="Nasza ulotka", summary="Co robimy.")
    html = client.get("/pl/search/", {"q": "ulotka"}).content.decode()
    assert '<html lang="pl" dir="ltr"' in html
    assert "<title>Wyniki wyszukiwania dla „ulotka” - Walsall Together</title>" in html
    assert "1 wynik dla „ulotka”" in html and ">Strony</h3>" in html  # the group heading
    nothing = client.get("/pl/search/", {"q": "zzzz"}).content.decode()
    assert "Brak wyników dla „zzzz”" in nothing and "sprawdzić pisownię" in nothing


@pytest.mark.parametrize("count, words", [(1, "1 minutę"), (3, "3 minuty"), (5, "5 minut")])
def test_polish_plurals_follow_polish_rules(count, words):
    from django.template.loader import render_to_string

    with translation.override("pl"):
        html = render_to_string("429.html", {"wait_minutes": count})
    assert f"Odczekaj {words}, a potem spróbuj ponownie." in html


def test_shared_form_messages_are_translated():
    class Form(forms.Form):
        email = EmailAddressField()
        phone = PhoneNumberField(required=True)

    with translation.override("pl"):
        form = Form({"email": "not an address", "phone": ""})
        assert form.errors == {"email": ["Wpisz adres e-mail w poprawnym formacie, np. name@example.com"],
                               "phone": ["Wpisz swój numer telefonu"]}
        assert str(form["email"].label) == "Adres e-mail"
    with translation.override("ur"):
        assert Form({"email": "", "phone": "1"}).errors["email"] == ["اپنا ای میل ایڈریس لکھیں"]


def test_djangos_own_messages_come_from_djangos_catalogs():
    # USE_I18N is on and LocaleMiddleware picks the language, so Django's own words are translated too.
    with translation.override("pl"):
        with pytest.raises(forms.ValidationError) as raised:
            forms.IntegerField().clean("many")
        assert raised.value.messages == ["Wpisz liczbę całkowitą."]


def test_check_your_answers_words_are_translated():
    class Form(forms.Form):
        agreed = forms.BooleanField(required=False)
        note = forms.CharField(required=False)

    form = Form({"agreed": "on", "note": ""})
    assert form.is_valid()
    with translation.override("ur"):
        assert question_pages.answer_text(form, "agreed") == "ہاں"
        assert question_pages.answer_text(form, "note") == "نہیں بتایا گیا"
    assert question_pages.answer_text(form, "note") == "Not given"


def test_the_error_summary_and_field_errors_are_in_the_language(client, home_page):
    contact = make_page(home_page, ContactPage, title="Contact us", slug="contact-us")
    translate(contact, "pl", title="Kontakt")
    html = Client().post("/pl/contact-us/", {"name": ""}).content.decode()
    assert "Wystąpił problem" in html  # "There is a problem"
    assert '<span class="nhsuk-u-visually-hidden">Błąd:</span> Wpisz swoje imię i nazwisko' in html
    assert ">Wyślij wiadomość</button>" in html


def test_a_contact_message_keeps_the_language_and_is_acknowledged_in_it(client, home_page, commit, mail_outbox):
    contact = make_page(home_page, ContactPage, title="Contact us", slug="contact-us")
    translate(contact, "pl", title="Kontakt")
    form = ContactForm()
    data = {"name": "Ola", "email": "ola@example.org", "subject": "Autobus", "message": "Dzień dobry",
            "consent": "on", "submission_token": str(form.initial["submission_token"])}
    with commit():
        response = client.post("/pl/contact-us/", data)
    assert "Wiadomość wysłana" in response.content.decode()
    assert ContactMessage.objects.get().language == "pl"
    to_sender = next(message for message in mail.outbox if message.to == ["ola@example.org"])
    assert to_sender.subject == "Otrzymaliśmy Twoją wiadomość"
    assert "Dziękujemy za kontakt z Walsall Together" in to_sender.body


def test_asking_for_another_format_follows_the_language_and_e_mails_in_it(client, home_page, commit, mail_outbox):
    publication = make_publication(home_page)
    form_page = client.get(f"/pl/other-formats/{publication.pk}/").content.decode()
    assert "<h1>Poproś o to w innym formacie</h1>" in form_page
    assert "Jakiego formatu potrzebujesz?" in form_page and ">Duży druk</label>" in form_page
    assert ">Wyślij prośbę</button>" in form_page
    errors = client.post(f"/pl/other-formats/{publication.pk}/", {}).content.decode()
    assert "Wybierz format, którego potrzebujesz" in errors

    with commit():
        response = client.post(f"/pl/other-formats/{publication.pk}/", {
            "format": "large_print", "name": "Ola", "reply_by": "email", "email": "ola@example.org"})
    assert response.status_code == 302 and response["Location"].startswith("/pl/other-formats/sent/")
    request = FormatRequest.objects.get()
    assert request.preferred_language == "pl"
    sent = client.get(response["Location"]).content.decode()
    assert "<h1>Prośba wysłana</h1>" in sent and "w dużym druku" in sent
    acknowledgement = mail.outbox[-1]
    assert acknowledgement.subject == "Otrzymaliśmy Twoją prośbę o November 2026 highlight report w innym formacie"
    assert "Dziękujemy za prośbę o „November 2026 highlight report” w dużym druku." in acknowledgement.body


def test_the_other_formats_link_on_a_publication_keeps_english_addresses(client, home_page):
    publication = make_publication(home_page)
    html = client.get(publication.url).content.decode()
    assert f'<a href="/other-formats/{publication.pk}/">Ask for this in another format</a>' in html
