"""The committed catalogs of the site's own words (locale/<code>/LC_MESSAGES/django.po and .mo),
as `make messages` leaves them: one for every interface language, each .mo compiled from its .po
as it is now (Django reads only the .mo), no fuzzy entries (Django would ignore them), every
placeholder kept, and the header saying the translations are demo ones to be checked.

Empty entries are allowed: a string nobody has translated yet is shown in English."""
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from base.management.commands.update_translations import catalog_languages

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = catalog_languages()


def catalog(code, extension):
    return LOCALE / code / "LC_MESSAGES" / f"django.{extension}"


def translations(entries):
    """{(context, msgid): translation(s)} for the entries Django uses: translated, not fuzzy or obsolete."""
    found = {}
    for entry in entries:
        if entry.msgid == "" or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
            if any(forms):
                found[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = forms
        elif entry.msgstr:
            found[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return found


def test_every_interface_language_but_english_has_a_catalog():
    assert set(LANGUAGES) == {"pa", "ur", "pl", "bn"}
    for code in LANGUAGES:
        assert catalog(code, "po").exists() and catalog(code, "mo").exists(), code


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_committed_mo_is_compiled_from_the_po_as_it_is(code):
    po = polib.pofile(str(catalog(code, "po")))
    mo = polib.mofile(str(catalog(code, "mo")))
    assert translations(mo) == translations(po), (
        f"locale/{code}: the .mo is out of date with the .po: run `make messages` and commit both")
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_entry_is_fuzzy_and_every_placeholder_is_kept(code):
    po = polib.pofile(str(catalog(code, "po")))
    assert not po.metadata_is_fuzzy, "a fuzzy header: Django would read the catalog without its plural rules"
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    for entry in po.translated_entries():
        if not entry.msgid_plural:
            assert placeholders(entry.msgstr) == placeholders(entry.msgid), (code, entry.msgid, entry.msgstr)
            continue
        # A plural form may leave the number out, as English "your place" does for one; it keeps
        # every other placeholder and adds none.
        for text in entry.msgstr_plural.values():
            assert placeholders(entry.msgid) <= placeholders(text) <= placeholders(entry.msgid_plural), \
                (code, entry.msgid, text)


def placeholders(text):
    return set(re.findall(r"%\(\w+\)[sd]", text))


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_catalog_says_its_translations_are_demo_ones_to_be_checked(code):
    header = polib.pofile(str(catalog(code, "po"))).header
    assert "DEMO TRANSLATION" in header and "must be checked by" in header and "qualified" in header


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_page_chrome_is_translated_in_every_language(code):
    # The words on every page (skip link, header, footer, switcher, error summary): none left empty.
    chrome = ["Skip to main content", "Search this website", "Search", "Menu", "Staff sign in", "Sitemap",
              "Support links", "This page in other languages", "There is a problem", "Page not found", "Error:"]
    found = translations(polib.pofile(str(catalog(code, "po"))))
    assert [words for words in chrome if (None, words) not in found] == []


def test_a_stale_mo_is_caught(tmp_path):
    # The check above can fail: a .po edited after compiling no longer matches its .mo.
    po = polib.pofile(str(catalog("pl", "po")))
    mo = polib.mofile(str(catalog("pl", "mo")))
    po.find("Skip to main content").msgstr = "Przejdź do treści"
    assert translations(mo) != translations(po)
