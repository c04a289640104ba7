"""Pages in other languages: which ones a translator has still to check.

The demo's translations (and any a machine or an untrained person makes) are recorded as
unchecked; only a person deleting the record says a translator has checked one.
"""
from .models import UncheckedTranslation


def mark_unchecked(page, note=UncheckedTranslation.NOTE):
    UncheckedTranslation.objects.get_or_create(page=page, defaults={"note": note})


def unchecked_translation_note(page):
    """The note to show staff editing the page, or None once a translator has checked it."""
    found = UncheckedTranslation.objects.filter(page_id=page.pk).values_list("note", flat=True).first()
    return found or None
