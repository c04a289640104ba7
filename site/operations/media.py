"""Public media on local disk (MEDIA_ROOT), served by the site itself, so a one-machine
deployment shows images, audio and video with no web server in front.

- Only what a page shows as media: images, audio, video and captions (by file type). Never a
  Wagtail document under documents/ (those go through Wagtail's document view, which checks
  private collections), nothing under PRIVATE_MEDIA_ROOT, nothing outside MEDIA_ROOT.
- Range requests (one range, as browsers send to seek in a video): 206 with Content-Range, or
  416 when the range is outside the file; Accept-Ranges: bytes on every answer.
- Cached by browsers for a day (an uploaded file's name never changes content: storage gives a
  new file a new name), revalidated with Last-Modified; nosniff.
With object storage (AWS_STORAGE_BUCKET_NAME) the bucket serves media and this view is not used.
"""
import mimetypes
import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.utils._os import safe_join
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

MAX_AGE = 24 * 60 * 60
SERVED_TYPES = re.compile(r"^(image|audio|video)/|^text/vtt$")
NOT_SERVED_FOLDERS = ("documents",)  # Wagtail documents: their own permission-checked view
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


@require_safe
def serve_media(request, path):
    file, content_type = _public_media_file(path)
    stat = file.stat()
    modified = int(stat.st_mtime)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if since is not None and modified <= since and "Range" not in request.headers:
        return _headers(HttpResponseNotModified(), modified)

    byte_range = _requested_range(request, stat.st_size, modified)
    if byte_range is None:
        response = FileResponse(file.open("rb"), content_type=content_type)
    elif byte_range == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{stat.st_size}"
    else:
        start, end = byte_range
        response = StreamingHttpResponse(_read(file, start, end), status=206, content_type=content_type)
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{stat.st_size}"
    return _headers(response, modified)


def _public_media_file(path):
    """The file under MEDIA_ROOT that `path` names, and its type, or 404."""
    try:
        file = Path(safe_join(settings.MEDIA_ROOT, path)).resolve()
    except Exception:  # noqa: BLE001 - ../ or an absolute path: outside MEDIA_ROOT
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    relative = file.relative_to(root) if file.is_relative_to(root) else None
    if (relative is None or file.is_relative_to(private) or not file.is_file()
            or relative.parts[0] in NOT_SERVED_FOLDERS):
        raise Http404
    content_type, _ = mimetypes.guess_type(file.name)
    if file.suffix.lower() == ".vtt":
        content_type = "text/vtt"
    if not content_type or not SERVED_TYPES.match(content_type):
        raise Http404
    return file, content_type


def _requested_range(request, size, modified):
    """(first byte, last byte) asked for; None for the whole file; "unsatisfiable" for 416."""
    header = request.headers.get("Range", "")
    match = RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None  # no range, or one we do not do (several ranges): the whole file, 200
    if_range = request.headers.get("If-Range")
    if if_range and parse_http_date_safe(if_range) != modified:
        return None  # the file changed since the browser's copy: send it whole
    first, last = match.groups()
    if first == "":  # the last N bytes
        start, end = max(0, size - int(last)), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    if size == 0 or start >= size or start > end:
        return "unsatisfiable"
    return start, end


def _read(file, start, end):
    with file.open("rb") as handle:
        handle.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def _headers(response, modified):
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
