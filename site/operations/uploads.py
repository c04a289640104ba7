"""Upload limits that the libraries do not enforce themselves."""
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from wagtailmedia.forms import BaseMediaForm


class MediaForm(BaseMediaForm):
    """wagtailmedia's admin form (WAGTAILMEDIA["MEDIA_FORM_BASE"]) with a size limit; the allowed
    formats are WAGTAILMEDIA's AUDIO_EXTENSIONS and VIDEO_EXTENSIONS."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        limit = settings.MEDIA_MAX_UPLOAD_SIZE
        if file and getattr(file, "size", 0) > limit:
            raise forms.ValidationError(f"This file is too big. The largest file you can upload is {filesizeformat(limit)}.")
        return file
