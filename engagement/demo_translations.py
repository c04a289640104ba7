"""Demo content: the "Join the User Group" page in Punjabi, Urdu and Polish, and in Easy Read; and
an Easy Read version of the 2018 outcomes framework engagement and its "You said, we did" summary.

Punjabi, Urdu and Polish go through wagtail-localize, as a translator's work would: the page is
submitted for translation, the demo's strings are imported into the translation as a PO file
would be (marked as machine translations, never as a translator's), and the translated page is
published. Easy Read is a rewrite, not a sentence-for-sentence translation (short sentences, one
idea a line, more lines than the English), so it is made with Wagtail's "copy for translation"
and written in the ordinary editor (README: Translations).

None of these has been checked by a translator: each is recorded as an UncheckedTranslation,
which staff see on its edit screen until a translator has checked it and deletes the record.

Easy Read pictures are the demo's own illustrations (newsletters.demo draws them), each with its
alt text, embedded in the rich text as an editor would with the image button.

Idempotent: a language that already has a version of the page is left alone (staff may have
edited it).
"""
import html

from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from base.languages import EASY_READ
from base.translations import mark_unchecked

from .demo_feedback import OUTCOMES_2018
from .models import EngagementExercisePage, UserGroupApplicationPage

DEMO_TOOL = "Walsall Together demo content (not checked by a translator)"

# English source text (as on the page) -> its translation. Any string missing stays in English.
TRANSLATIONS = {
    "pa": {
        "Join the User Group": "ਯੂਜ਼ਰ ਗਰੁੱਪ ਵਿੱਚ ਸ਼ਾਮਲ ਹੋਵੋ",
        "Help shape health and care in Walsall: join the Walsall Together User Group, run by Healthwatch Walsall.":
            "ਵਾਲਸਾਲ ਵਿੱਚ ਸਿਹਤ ਅਤੇ ਦੇਖਭਾਲ ਨੂੰ ਬਿਹਤਰ ਬਣਾਉਣ ਵਿੱਚ ਮਦਦ ਕਰੋ: ਹੈਲਥਵਾਚ ਵਾਲਸਾਲ ਵੱਲੋਂ ਚਲਾਏ ਜਾਂਦੇ "
            "ਵਾਲਸਾਲ ਟੂਗੈਦਰ ਯੂਜ਼ਰ ਗਰੁੱਪ ਵਿੱਚ ਸ਼ਾਮਲ ਹੋਵੋ।",
        "The Walsall Together User Group is for people who live in Walsall, use local health and care services, "
        "or look after someone who does. Healthwatch Walsall runs the group, and it has its own chair.":
            "ਵਾਲਸਾਲ ਟੂਗੈਦਰ ਯੂਜ਼ਰ ਗਰੁੱਪ ਉਹਨਾਂ ਲੋਕਾਂ ਲਈ ਹੈ ਜੋ ਵਾਲਸਾਲ ਵਿੱਚ ਰਹਿੰਦੇ ਹਨ, ਸਥਾਨਕ ਸਿਹਤ ਅਤੇ ਦੇਖਭਾਲ "
            "ਸੇਵਾਵਾਂ ਵਰਤਦੇ ਹਨ, ਜਾਂ ਕਿਸੇ ਅਜਿਹੇ ਵਿਅਕਤੀ ਦੀ ਦੇਖਭਾਲ ਕਰਦੇ ਹਨ ਜੋ ਇਹ ਸੇਵਾਵਾਂ ਵਰਤਦਾ ਹੈ। ਹੈਲਥਵਾਚ "
            "ਵਾਲਸਾਲ ਇਹ ਗਰੁੱਪ ਚਲਾਉਂਦਾ ਹੈ, ਅਤੇ ਇਸਦਾ ਆਪਣਾ ਚੇਅਰ ਹੈ।",
        "Members help us design and improve services across Walsall's four localities, and in our priority areas: "
        "breathing (respiratory) and heart (cardiology) care, diabetes, end of life care, mental health outpatient "
        "services and services for children and young people aged 0 to 19.":
            "ਮੈਂਬਰ ਵਾਲਸਾਲ ਦੇ ਚਾਰ ਇਲਾਕਿਆਂ ਵਿੱਚ, ਅਤੇ ਸਾਡੇ ਤਰਜੀਹੀ ਖੇਤਰਾਂ ਵਿੱਚ, ਸੇਵਾਵਾਂ ਦੀ ਯੋਜਨਾ ਬਣਾਉਣ ਅਤੇ "
            "ਉਹਨਾਂ ਨੂੰ ਸੁਧਾਰਨ ਵਿੱਚ ਸਾਡੀ ਮਦਦ ਕਰਦੇ ਹਨ: ਸਾਹ (ਰੈਸਪੀਰੇਟਰੀ) ਅਤੇ ਦਿਲ (ਕਾਰਡੀਓਲੋਜੀ) ਦੀ ਦੇਖਭਾਲ, "
            "ਸ਼ੂਗਰ, ਜੀਵਨ ਦੇ ਅੰਤ ਦੀ ਦੇਖਭਾਲ, ਮਾਨਸਿਕ ਸਿਹਤ ਦੀਆਂ ਬਾਹਰੀ ਮਰੀਜ਼ ਸੇਵਾਵਾਂ, ਅਤੇ 0 ਤੋਂ 19 ਸਾਲ ਦੇ "
            "ਬੱਚਿਆਂ ਅਤੇ ਨੌਜਵਾਨਾਂ ਲਈ ਸੇਵਾਵਾਂ।",
        "We especially want to hear from people whose voices are often missed. You do not need any experience: "
        "just your own views. We can pay travel costs and help you take part.":
            "ਅਸੀਂ ਖਾਸ ਤੌਰ 'ਤੇ ਉਹਨਾਂ ਲੋਕਾਂ ਤੋਂ ਸੁਣਨਾ ਚਾਹੁੰਦੇ ਹਾਂ ਜਿਨ੍ਹਾਂ ਦੀ ਆਵਾਜ਼ ਅਕਸਰ ਅਣਸੁਣੀ ਰਹਿ ਜਾਂਦੀ ਹੈ। "
            "ਤੁਹਾਨੂੰ ਕਿਸੇ ਤਜਰਬੇ ਦੀ ਲੋੜ ਨਹੀਂ: ਬੱਸ ਤੁਹਾਡੇ ਆਪਣੇ ਵਿਚਾਰ। ਅਸੀਂ ਸਫ਼ਰ ਦਾ ਖਰਚਾ ਦੇ ਸਕਦੇ ਹਾਂ ਅਤੇ "
            "ਹਿੱਸਾ ਲੈਣ ਵਿੱਚ ਤੁਹਾਡੀ ਮਦਦ ਕਰ ਸਕਦੇ ਹਾਂ।",
        "Someone from Healthwatch Walsall will contact you within 10 working days. They will tell you more about "
        "the group and answer your questions.":
            "ਹੈਲਥਵਾਚ ਵਾਲਸਾਲ ਤੋਂ ਕੋਈ 10 ਕੰਮਕਾਜੀ ਦਿਨਾਂ ਦੇ ਅੰਦਰ ਤੁਹਾਡੇ ਨਾਲ ਸੰਪਰਕ ਕਰੇਗਾ। ਉਹ ਤੁਹਾਨੂੰ ਗਰੁੱਪ ਬਾਰੇ "
            "ਹੋਰ ਦੱਸਣਗੇ ਅਤੇ ਤੁਹਾਡੇ ਸਵਾਲਾਂ ਦੇ ਜਵਾਬ ਦੇਣਗੇ।",
        "If you would like to go ahead, we will invite you to a short induction. After that, we will invite you to "
        "meetings, surveys and events that match what you are interested in.":
            "ਜੇ ਤੁਸੀਂ ਅੱਗੇ ਵਧਣਾ ਚਾਹੋ, ਤਾਂ ਅਸੀਂ ਤੁਹਾਨੂੰ ਇੱਕ ਛੋਟੀ ਜਾਣ-ਪਛਾਣ ਮੀਟਿੰਗ ਲਈ ਸੱਦਾ ਦੇਵਾਂਗੇ। ਉਸ ਤੋਂ "
            "ਬਾਅਦ, ਅਸੀਂ ਤੁਹਾਨੂੰ ਉਹਨਾਂ ਮੀਟਿੰਗਾਂ, ਸਰਵੇਖਣਾਂ ਅਤੇ ਸਮਾਗਮਾਂ ਲਈ ਸੱਦਾ ਦੇਵਾਂਗੇ ਜੋ ਤੁਹਾਡੀ ਦਿਲਚਸਪੀ "
            "ਨਾਲ ਮੇਲ ਖਾਂਦੇ ਹਨ।",
        "If you have a question in the meantime, reply to the confirmation e-mail we sent you.":
            "ਜੇ ਇਸ ਦੌਰਾਨ ਤੁਹਾਡਾ ਕੋਈ ਸਵਾਲ ਹੋਵੇ, ਤਾਂ ਸਾਡੀ ਭੇਜੀ ਪੁਸ਼ਟੀ ਵਾਲੀ ਈ-ਮੇਲ ਦਾ ਜਵਾਬ ਦਿਓ।",
    },
    "ur": {
        "Join the User Group": "یوزر گروپ میں شامل ہوں",
        "Help shape health and care in Walsall: join the Walsall Together User Group, run by Healthwatch Walsall.":
            "والسال میں صحت اور نگہداشت کو بہتر بنانے میں مدد کریں: والسال ٹوگیدر یوزر گروپ میں شامل ہوں، جسے "
            "ہیلتھ واچ والسال چلاتا ہے۔",
        "The Walsall Together User Group is for people who live in Walsall, use local health and care services, "
        "or look after someone who does. Healthwatch Walsall runs the group, and it has its own chair.":
            "والسال ٹوگیدر یوزر گروپ ان لوگوں کے لیے ہے جو والسال میں رہتے ہیں، مقامی صحت اور نگہداشت کی خدمات "
            "استعمال کرتے ہیں، یا کسی ایسے شخص کی دیکھ بھال کرتے ہیں جو یہ خدمات استعمال کرتا ہو۔ ہیلتھ واچ "
            "والسال یہ گروپ چلاتا ہے، اور اس کا اپنا چیئر ہے۔",
        "Members help us design and improve services across Walsall's four localities, and in our priority areas: "
        "breathing (respiratory) and heart (cardiology) care, diabetes, end of life care, mental health outpatient "
        "services and services for children and young people aged 0 to 19.":
            "اراکین والسال کے چار علاقوں میں، اور ہماری ترجیحی خدمات میں، خدمات کو بنانے اور بہتر کرنے میں ہماری "
            "مدد کرتے ہیں: سانس (ریسپائریٹری) اور دل (کارڈیالوجی) کی نگہداشت، ذیابیطس، زندگی کے آخری مرحلے کی "
            "نگہداشت، ذہنی صحت کی بیرونی مریض خدمات، اور 0 سے 19 سال کے بچوں اور نوجوانوں کی خدمات۔",
        "We especially want to hear from people whose voices are often missed. You do not need any experience: "
        "just your own views. We can pay travel costs and help you take part.":
            "ہم خاص طور پر ان لوگوں سے سننا چاہتے ہیں جن کی آواز اکثر سنی نہیں جاتی۔ آپ کو کسی تجربے کی ضرورت "
            "نہیں: صرف آپ کی اپنی رائے۔ ہم سفر کے اخراجات ادا کر سکتے ہیں اور حصہ لینے میں آپ کی مدد کر سکتے ہیں۔",
        "Someone from Healthwatch Walsall will contact you within 10 working days. They will tell you more about "
        "the group and answer your questions.":
            "ہیلتھ واچ والسال سے کوئی 10 کاروباری دنوں کے اندر آپ سے رابطہ کرے گا۔ وہ آپ کو گروپ کے بارے میں "
            "مزید بتائیں گے اور آپ کے سوالات کے جواب دیں گے۔",
        "If you would like to go ahead, we will invite you to a short induction. After that, we will invite you to "
        "meetings, surveys and events that match what you are interested in.":
            "اگر آپ آگے بڑھنا چاہیں تو ہم آپ کو ایک مختصر تعارفی ملاقات پر بلائیں گے۔ اس کے بعد ہم آپ کو ان "
            "میٹنگز، سرویز اور تقریبات میں بلائیں گے جو آپ کی دلچسپی کے مطابق ہوں۔",
        "If you have a question in the meantime, reply to the confirmation e-mail we sent you.":
            "اگر اس دوران آپ کا کوئی سوال ہو تو ہماری بھیجی ہوئی تصدیقی ای میل کا جواب دیں۔",
    },
    "pl": {
        "Join the User Group": "Dołącz do Grupy Użytkowników",
        "Help shape health and care in Walsall: join the Walsall Together User Group, run by Healthwatch Walsall.":
            "Pomóż kształtować opiekę zdrowotną i społeczną w Walsall: dołącz do Grupy Użytkowników Walsall "
            "Together, prowadzonej przez Healthwatch Walsall.",
        "The Walsall Together User Group is for people who live in Walsall, use local health and care services, "
        "or look after someone who does. Healthwatch Walsall runs the group, and it has its own chair.":
            "Grupa Użytkowników Walsall Together jest dla osób, które mieszkają w Walsall, korzystają z lokalnych "
            "usług zdrowotnych i opiekuńczych lub opiekują się kimś, kto z nich korzysta. Grupę prowadzi "
            "Healthwatch Walsall i ma ona własnego przewodniczącego.",
        "Members help us design and improve services across Walsall's four localities, and in our priority areas: "
        "breathing (respiratory) and heart (cardiology) care, diabetes, end of life care, mental health outpatient "
        "services and services for children and young people aged 0 to 19.":
            "Członkowie pomagają nam planować i ulepszać usługi w czterech częściach Walsall oraz w naszych "
            "obszarach priorytetowych: opieka nad oddychaniem (układ oddechowy) i sercem (kardiologia), cukrzyca, "
            "opieka u schyłku życia, ambulatoryjne usługi zdrowia psychicznego oraz usługi dla dzieci i młodzieży "
            "w wieku od 0 do 19 lat.",
        "We especially want to hear from people whose voices are often missed. You do not need any experience: "
        "just your own views. We can pay travel costs and help you take part.":
            "Szczególnie zależy nam na głosie osób, które często nie są słyszane. Nie potrzebujesz żadnego "
            "doświadczenia: wystarczą Twoje własne poglądy. Możemy pokryć koszty dojazdu i pomóc Ci wziąć udział.",
        "Someone from Healthwatch Walsall will contact you within 10 working days. They will tell you more about "
        "the group and answer your questions.":
            "Ktoś z Healthwatch Walsall skontaktuje się z Tobą w ciągu 10 dni roboczych. Opowie Ci więcej o grupie "
            "i odpowie na Twoje pytania.",
        "If you would like to go ahead, we will invite you to a short induction. After that, we will invite you to "
        "meetings, surveys and events that match what you are interested in.":
            "Jeśli zechcesz kontynuować, zaprosimy Cię na krótkie spotkanie wprowadzające. Potem będziemy zapraszać "
            "Cię na spotkania, ankiety i wydarzenia zgodne z Twoimi zainteresowaniami.",
        "If you have a question in the meantime, reply to the confirmation e-mail we sent you.":
            "Jeśli w międzyczasie masz pytanie, odpowiedz na e-mail z potwierdzeniem, który Ci wysłaliśmy.",
    },
}

# Short sentences, one idea a line, plain words (the Easy Read guidance of Mencap and the NHS).
EASY_READ_PAGE = {
    "title": "Join the User Group: Easy Read",
    "summary": "Help make health and care in Walsall better. Join our User Group.",
    "introduction": (
        "<p>The User Group is a group of people who live in Walsall.</p>"
        "<p>They use health and care services.</p>"
        "<p>Or they look after someone who does.</p>"
        "<p>Healthwatch Walsall runs the group.</p>"
        "<h2>What members do</h2>"
        "<p>Members tell us what they think about health and care.</p>"
        "<p>This helps us make services better.</p>"
        "<p>You do not need to know anything before you join.</p>"
        "<p>We want to hear what you think.</p>"
        "<p>We can pay for your travel to meetings.</p>"
        "<p>We can help you take part.</p>"
    ),
    "what_happens_next": (
        "<p>Someone from Healthwatch Walsall will contact you.</p>"
        "<p>This will be within 2 weeks.</p>"
        "<p>They will tell you more about the group.</p>"
        "<p>They will answer your questions.</p>"
    ),
    "thank_you_text": "<p>Do you have a question?</p><p>Reply to the e-mail we sent you.</p>",
}


# The 2018 outcomes framework engagement in Easy Read: what we asked, and what we did ("You said,
# we did"). {partners} and {user_group} are pictures (easy_read_picture).
EASY_READ_OUTCOMES_2018 = {
    "title": "What you told us in 2018: Easy Read",
    "summary": "In 2018 we asked people in Walsall what matters to them about health and care.",
    "about": (
        "<p>In summer 2018 we asked people in Walsall a question.</p>"
        "<p>We asked: what matters most to you about health and care?</p>"
        "<p>We asked for 4 weeks.</p>"
        "<p>People told us online, on paper and at events.</p>"
    ),
    "how_responses_are_used": (
        "<p>We read everything people told us.</p>"
        "<p>Healthwatch Walsall read it too.</p>"
        "<p>We only share your words if you say yes.</p>"
        "<p>We take out anything that says who you are.</p>"
    ),
    "outcome_summary": (
        "<h2>What you told us</h2>"
        "{partners}"
        "<p>You want care to be joined up.</p>"
        "<p>You do not want to tell your story again and again.</p>"
        "<p>You want to stay well, not only get treatment.</p>"
        "<p>You want care close to home.</p>"
        "<h2>What we did</h2>"
        "<p>The partners wrote down what they want to do.</p>"
        "<p>They all signed it in 2019.</p>"
        "<p>Health and care teams now work together in each part of Walsall.</p>"
        "{user_group}"
        "<p>Local people help us decide how services change.</p>"
        "<p>They do this in the User Group.</p>"
        "<p>Thank you for telling us what you think.</p>"
    ),
}


def load_demo():
    page = UserGroupApplicationPage.objects.get(locale=Locale.get_default())
    made = [code for code in TRANSLATIONS if translate_with_strings(page, code, TRANSLATIONS[code])]
    if write_easy_read(page):
        made.append(EASY_READ)
    lines = [f"User Group page demo translations made: {', '.join(made) or 'none (already there)'}"]
    outcomes = (EngagementExercisePage.objects.filter(locale=Locale.get_default(), slug=OUTCOMES_2018["slug"])
                .first())
    if outcomes is not None:  # only outside production (engagement.demo_feedback)
        made = write_easy_read(outcomes, easy_read_outcomes())
        lines.append(f"2018 outcomes summary in Easy Read: {'made' if made else 'already there'}")
    return lines


def easy_read_outcomes():
    from newsletters.demo import PARTNERS_IMAGE, USER_GROUP_IMAGE

    pictures = {"partners": easy_read_picture(PARTNERS_IMAGE), "user_group": easy_read_picture(USER_GROUP_IMAGE)}
    return {**EASY_READ_OUTCOMES_2018,
            "outcome_summary": EASY_READ_OUTCOMES_2018["outcome_summary"].format(**pictures)}


def easy_read_picture(spec):
    """A demo illustration in rich text, with its alt text, as the editor's image button writes it."""
    from newsletters.demo import demo_image

    title, alt_text = spec[0], spec[1]
    image = demo_image(*spec)
    return f'<embed alt="{html.escape(alt_text)}" embedtype="image" format="fullwidth" id="{image.pk}"/>'


@transaction.atomic
def translate_with_strings(page, language_code, strings):
    """Translate `page` through wagtail-localize with `strings` (English -> translation), as a PO
    file from a translator would; False when the page already has a version in that language."""
    # As the migration makes them; also after a test database is flushed.
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    if page.has_translation(locale):
        return False
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = html.escape(strings.get(html.unescape(entry.msgid), ""), quote=False)
    translation.import_po(po, translation_type="machine", tool_name=DEMO_TOOL)
    translation.save_target(publish=True)
    mark_unchecked(page.get_translation(locale))
    return True


@transaction.atomic
def write_easy_read(page, fields=None):
    """An Easy Read version of `page` with `fields` (the User Group page's by default), written
    as in the ordinary editor; False when the page already has one."""
    locale, _ = Locale.objects.get_or_create(language_code=EASY_READ)
    if page.has_translation(locale):
        return False
    easy_read = page.copy_for_translation(locale, copy_parents=True)
    for name, value in (fields or EASY_READ_PAGE).items():
        setattr(easy_read, name, value)
    easy_read.save_revision().publish()
    mark_unchecked(easy_read)
    return True
