"""A Locale for every language pages can be translated into (settings.WAGTAIL_CONTENT_LANGUAGES),
so translators can start at once; existing pages stay in the default (English) locale."""
from django.conf import settings
from django.db import migrations


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("base", "0005_body_newsletter_signup_block"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
