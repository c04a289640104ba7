"""Branding assets in the Wagtail admin, with their own menu item, for the Comms team."""
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import BrandingAsset


class BrandingAssetViewSet(SnippetViewSet):
    model = BrandingAsset
    icon = "folder-open-inverse"
    menu_label = "Branding assets"
    menu_order = 250
    add_to_admin_menu = True
    # A copy would share the original's stored file, which is removed with either of them.
    copy_view_enabled = False
    list_display = [
        "title",
        Column("category", accessor="get_category_display", label="Category", sort_key="category"),
        Column("file_description", label="File"),
        Column("version", label="Version"),
        DateColumn("file_updated_at", label="Last updated", sort_key="file_updated_at"),
        Column("download_count", label="Downloads", sort_key="download_count"),
    ]
    list_filter = ["category"]
    search_fields = ["title", "description"]
    ordering = ["title"]
