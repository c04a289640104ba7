"""The admin's upload forms: Wagtail documents and images (WAGTAILDOCS_DOCUMENT_FORM_BASE,
WAGTAILIMAGES_IMAGE_FORM_BASE) and roadshow media (WAGTAILMEDIA["MEDIA_FORM_BASE"]), with the
checks the libraries do not make themselves: the file's content (file_content.py) and the size
of media."""
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtailmedia.forms import BaseMediaForm

from .file_content import check_file_content


class FileContentMixin:
    """Refuses a file whose content is not what its name says. The check runs after the form's
    own (extension, size, Wagtail's image decoding) and its message replaces theirs: "not a real
    PNG image: its content is an SVG image" says more than "Not a valid .png image"."""

    def full_clean(self):
        super().full_clean()
        upload = self.files.get(self.add_prefix("file")) if self.is_bound and "file" in self.fields else None
        if upload is None or not hasattr(self, "cleaned_data"):
            return
        try:
            check_file_content(upload)
        except ValidationError as error:
            self._errors["file"] = self.error_class(error.messages)
            self.cleaned_data.pop("file", None)


class DocumentForm(FileContentMixin, BaseDocumentForm):
    pass


class ImageFileField(WagtailImageField):
    """Wagtail's image field, refusing an image whose data is damaged (a PNG cut short, say) with
    a message: Wagtail lets Pillow's error through when it reads the size, a server error."""

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except (OSError, SyntaxError, ValueError) as error:  # what Pillow raises on bad image data
            raise ValidationError("This image is damaged and cannot be read. Save it again from the program "
                                  "that made it, then upload it.", code="invalid_image") from error


class ImageForm(FileContentMixin, BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Made here, not declared on the class: the field reads its limits from the settings.
            wagtails = self.fields["file"]
            self.fields["file"] = ImageFileField(label=wagtails.label, required=wagtails.required,
                                                 widget=wagtails.widget)


class MediaForm(FileContentMixin, BaseMediaForm):
    """The allowed formats are WAGTAILMEDIA's AUDIO_EXTENSIONS and VIDEO_EXTENSIONS."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        limit = settings.MEDIA_MAX_UPLOAD_SIZE
        if file and getattr(file, "size", 0) > limit:
            raise forms.ValidationError(f"This file is too big. The largest file you can upload is {filesizeformat(limit)}.")
        return file
