"""One command for the site's own words in every interface language (settings.INTERFACE_LANGUAGES):
gathers the marked strings into locale/<code>/LC_MESSAGES/django.po (new ones empty, changed
ones kept for translators to look at), then compiles each .po into the .mo Django reads.
`make messages` runs it; commit both files. See README, "Translations"."""
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# What is not the site's own words: the virtualenv, built and run-time files, tests and benchmarks.
IGNORED = [".venv", "staticfiles", "var", "tests", "bench", "node_modules"]


def catalog_languages():
    """The languages with a catalog in locale/: every interface language but English (the source)."""
    return [code for code in settings.INTERFACE_LANGUAGES if code != settings.LANGUAGE_CODE]


class Command(BaseCommand):
    help = "Update locale/*/LC_MESSAGES/django.po for every interface language, then compile them (.mo)."

    def add_arguments(self, parser):
        parser.add_argument("--compile-only", action="store_true",
                            help="Only compile the .po files (after a translator has edited them).")

    def handle(self, *args, compile_only=False, **options):
        languages = catalog_languages()
        if not compile_only:
            # --no-obsolete: a string no longer in the code leaves the catalog (git keeps its history).
            call_command("makemessages", locale=languages, ignore_patterns=IGNORED, no_obsolete=True,
                         verbosity=options["verbosity"])
        call_command("compilemessages", locale=languages, ignore_patterns=IGNORED, verbosity=options["verbosity"])
