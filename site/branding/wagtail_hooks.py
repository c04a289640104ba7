"""Wiring only: branding assets are a snippet with their own admin menu item."""
from wagtail.snippets.models import register_snippet

from .views_admin import BrandingAssetViewSet

register_snippet(BrandingAssetViewSet)
