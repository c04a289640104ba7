"""Demo content: the upcoming respiratory (COPD) workshop in Polish and Urdu, so that /pl/... and
/ur/... event pages exist and booking there runs in that language (its places are the English
event's: EventPage.original).

Made as the User Group page's are (engagement/demo_translations.py): through wagtail-localize,
as a translator's PO file would be, marked as machine translations and recorded as
UncheckedTranslation until a qualified translator has checked them. The November 2020 workshop
is in the past in the demo, so the next one, which can be booked, is translated.

Idempotent: a language that already has a version of the page is left alone.
"""
from wagtail.models import Locale

from engagement.demo_translations import translate_with_strings

from .demo import UPCOMING
from .models import EventPage

SLUG = "respiratory-workshop"
SPEC = next(spec for spec, *_ in UPCOMING if spec["slug"] == SLUG)

# English source text (as on the page) -> its translation. Any string missing stays in English.
TRANSLATIONS = {
    "pl": {
        SPEC["title"]: "Warsztaty o oddychaniu: życie z POChP",
        SPEC["summary"]: "Powiedz nam, jak żyje się z chorobą płuc albo jak to jest opiekować się osobą chorą, "
                         "i co poprawiłoby lokalne usługi.",
        SPEC["who_for"]: "Osoby z chorobą układu oddechowego, taką jak POChP lub astma, oraz osoby, które się nimi "
                         "opiekują.",
        "This online workshop follows our first respiratory workshop in November 2020. You can:":
            "Te warsztaty online są kontynuacją naszych pierwszych warsztatów o oddychaniu z listopada 2020 roku. "
            "Możesz:",
        "ask questions about respiratory services in Walsall": "zadać pytania o usługi dla osób z chorobami płuc w Walsall",
        "share your experience of living with and managing your condition":
            "opowiedzieć, jak żyjesz ze swoją chorobą i jak sobie z nią radzisz",
        "give feedback on getting care locally, and suggest improvements":
            "powiedzieć, jak korzystasz z opieki na miejscu, i zaproponować zmiany",
        "How it works": "Jak to działa",
        "We will e-mail you a link to join a video call. You can join from a computer, tablet or phone, and you can "
        "keep your camera off. If you have not used video calls before, tell us when you book and we will help you "
        "get set up.":
            "Wyślemy Ci e-mailem link do rozmowy wideo. Możesz dołączyć z komputera, tabletu lub telefonu. Kamera "
            "może być wyłączona. Jeśli nie korzystasz z rozmów wideo, powiedz nam o tym przy rezerwacji, a pomożemy "
            "Ci wszystko przygotować.",
    },
    "ur": {
        SPEC["title"]: "سانس کی ورکشاپ: COPD کے ساتھ زندگی",
        SPEC["summary"]: "ہمیں بتائیں کہ پھیپھڑوں کی بیماری کے ساتھ رہنا، یا ایسے شخص کی دیکھ بھال کرنا کیسا ہے، "
                         "اور مقامی خدمات کو کیا چیز بہتر بنا سکتی ہے۔",
        SPEC["who_for"]: "وہ لوگ جنہیں COPD یا دمہ جیسی سانس کی بیماری ہے، اور وہ لوگ جو ان کی دیکھ بھال کرتے ہیں۔",
        "This online workshop follows our first respiratory workshop in November 2020. You can:":
            "یہ آن لائن ورکشاپ نومبر 2020 میں ہماری پہلی سانس کی ورکشاپ کے بعد ہو رہی ہے۔ آپ:",
        "ask questions about respiratory services in Walsall": "والسال میں سانس کی خدمات کے بارے میں سوال پوچھ سکتے ہیں",
        "share your experience of living with and managing your condition":
            "اپنی بیماری کے ساتھ رہنے اور اسے سنبھالنے کا تجربہ بتا سکتے ہیں",
        "give feedback on getting care locally, and suggest improvements":
            "مقامی طور پر نگہداشت ملنے کے بارے میں رائے دے سکتے ہیں، اور بہتری کی تجاویز دے سکتے ہیں",
        "How it works": "یہ کیسے ہو گا",
        "We will e-mail you a link to join a video call. You can join from a computer, tablet or phone, and you can "
        "keep your camera off. If you have not used video calls before, tell us when you book and we will help you "
        "get set up.":
            "ہم آپ کو ویڈیو کال میں شامل ہونے کا لنک ای میل کریں گے۔ آپ کمپیوٹر، ٹیبلٹ یا فون سے شامل ہو سکتے ہیں، "
            "اور اپنا کیمرہ بند رکھ سکتے ہیں۔ اگر آپ نے پہلے کبھی ویڈیو کال استعمال نہیں کی تو بکنگ کے وقت ہمیں "
            "بتائیں، ہم تیاری میں آپ کی مدد کریں گے۔",
    },
}


def load_demo():
    page = EventPage.objects.filter(slug=SLUG, locale=Locale.get_default()).first()
    if page is None:
        return ["Event demo translations: no respiratory workshop to translate"]
    made = [code for code, strings in TRANSLATIONS.items() if translate_with_strings(page, code, strings)]
    return [f"Event demo translations made ({page.title}): {', '.join(made) or 'none (already there)'}"]
