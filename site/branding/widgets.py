"""The admin's file field for private files: Django's ClearableFileInput links to file.url,
which a private file does not have, so this one links to the download view instead."""
from django import forms
from django.utils.html import format_html


class PrivateFileInput(forms.FileInput):
    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        asset = getattr(value, "instance", None)
        if not value or asset is None or asset.pk is None:
            return field
        current = format_html(
            '<p class="help">Current file: <a href="{}">{}</a> ({}). Choose a new file to replace it.</p>',
            asset.download_url, asset.original_filename, asset.file_description,
        )
        return current + field
