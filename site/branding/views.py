from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import BrandingAsset
from .permissions import can_download_assets
from .services import AssetFileMissing, library_page, open_for_download


@require_GET
def download_asset(request, pk):
    """The only way to a branding asset's file: partner staff get it as an attachment."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_download_assets(request.user):
        return render(request, "branding/download_refused.html", {
            "library_page": library_page(),
            "contact_email": settings.CONTACT_EMAIL,
        }, status=403)
    asset = get_object_or_404(BrandingAsset, pk=pk)
    try:
        handle = open_for_download(asset)
    except AssetFileMissing:
        raise Http404("This file is not available") from None
    response = FileResponse(handle, as_attachment=True, filename=asset.original_filename,
                            content_type=asset.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
