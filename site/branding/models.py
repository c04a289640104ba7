import os
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.cache import patch_cache_control
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from base.blocks import RICH_TEXT_FEATURES
from base.models import BasePage
from operations.file_content import validate_file_content

from . import files
from .storage import private_storage
from .widgets import PrivateFileInput

ALLOWED_EXTENSIONS = ["docx", "dotx", "pptx", "potx", "xlsx", "pdf", "png", "jpg", "jpeg", "svg", "eps", "zip"]


MAX_FILE_SIZE = 50 * 1024 * 1024


def asset_upload_to(instance, filename):
    """A random storage name: the file's own name is kept in original_filename and never
    appears in a path, so no file name can be guessed into an address."""
    return f"branding/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()}"


def validate_file_size(value):
    if value.size > MAX_FILE_SIZE:
        raise ValidationError(f"The file must be smaller than {files.human_size(MAX_FILE_SIZE)}.")


class BrandingAsset(models.Model):
    """A file partner staff download: a template, a logo, the style guide.

    The file is private (see storage.py) and only served by the download view, at an
    address made from the asset's id, so replacing the file keeps every existing link.
    """

    class Category(models.TextChoices):
        TEMPLATES = "templates", "Templates"
        LOGOS = "logos", "Logos"
        STYLE_GUIDE = "style_guide", "Style guide"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    description = models.TextField(
        blank=True, help_text="What it is and when to use it, in one or two plain-English sentences.",
    )
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.TEMPLATES)
    file = models.FileField(
        storage=private_storage, upload_to=asset_upload_to, max_length=255,
        validators=[FileExtensionValidator(ALLOWED_EXTENSIONS), validate_file_size, validate_file_content],
        help_text="Only signed-in partner staff can download it. Uploading a new file keeps the download link.",
    )
    original_filename = models.CharField(max_length=255, editable=False)
    file_size = models.PositiveBigIntegerField(null=True, editable=False)
    version = models.CharField(max_length=20, blank=True, help_text='For example "2.1". Change it with each new file.')
    file_updated_at = models.DateTimeField("last updated", null=True, editable=False)
    download_count = models.PositiveIntegerField("downloads", default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("category"),
        FieldPanel("description"),
        FieldPanel("file", widget=PrivateFileInput),
        FieldPanel("version"),
    ]

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = "branding asset"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from . import services

        replaced = None
        if self.file and not self.file._committed:  # a file was just uploaded or given
            replaced = services.take_new_file_details(self)
        super().save(*args, **kwargs)
        if replaced and replaced != self.file.name:
            services.delete_file_after_commit(replaced)

    @property
    def download_url(self):
        return reverse("branding:download_asset", args=[self.pk])

    @property
    def file_type(self):
        return files.file_type_label(self.original_filename)

    @property
    def file_description(self):
        """ "Word document, 42 KB"."""
        return files.describe_file(self.original_filename, self.file_size)

    @property
    def content_type(self):
        return files.content_type(self.original_filename)


class BrandingLibraryPage(BasePage):
    """The library of branding assets. Everyone sees what is in it; only partner staff can
    download (see permissions.py). The page differs for signed-in readers, so it is never
    stored in a shared cache."""

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["base.SectionIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "branding page"

    def get_context(self, request, *args, **kwargs):
        from .permissions import can_download_assets
        from .services import assets_by_category

        context = super().get_context(request, *args, **kwargs)
        context["categories"] = assets_by_category()
        context["can_download"] = can_download_assets(request.user)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        return response
