"""Public media on local disk served by the site itself (operations.media): images, audio and
video, with Range requests so a video can seek; never documents, private files or anything
outside MEDIA_ROOT."""
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

VIDEO = bytes(range(256)) * 4  # 1,024 bytes


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "media" / "private")  # even if configured inside
    root = Path(settings.MEDIA_ROOT)
    for name, content in {"images/photo.png": b"\x89PNG picture", "media/talk.mp4": VIDEO,
                          "media/talk.vtt": b"WEBVTT", "documents/minutes.pdf": b"%PDF-1.4",
                          "images/page.html": b"<script>alert(1)</script>", "private/logo.png": b"\x89PNG secret"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    (tmp_path / "secret.png").write_bytes(b"\x89PNG outside")
    return root


def test_an_image_with_caching_headers(client, media):
    response = client.get("/media/images/photo.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG picture"
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Accept-Ranges"] == "bytes"
    again = client.get("/media/images/photo.png", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_a_video_seeks_with_range_requests(client, media):
    response = client.get("/media/media/talk.mp4", HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == VIDEO[100:200]
    assert response["Content-Range"] == "bytes 100-199/1024"
    assert response["Content-Length"] == "100"
    assert response["Content-Type"] == "video/mp4"

    start = client.get("/media/media/talk.mp4", HTTP_RANGE="bytes=1000-")
    assert (start.status_code, start["Content-Range"]) == (206, "bytes 1000-1023/1024")
    assert b"".join(start.streaming_content) == VIDEO[1000:]
    end = client.get("/media/media/talk.mp4", HTTP_RANGE="bytes=-24")
    assert b"".join(end.streaming_content) == VIDEO[-24:]

    beyond = client.get("/media/media/talk.mp4", HTTP_RANGE="bytes=2000-")
    assert (beyond.status_code, beyond["Content-Range"]) == (416, "bytes */1024")
    whole = client.get("/media/media/talk.mp4")
    assert whole.status_code == 200 and whole["Content-Length"] == "1024"
    assert client.get("/media/media/talk.vtt")["Content-Type"] == "text/vtt"


@pytest.mark.parametrize("path", [
    "/media/documents/minutes.pdf",  # Wagtail's document view checks private collections
    "/media/private/logo.png",  # PRIVATE_MEDIA_ROOT
    "/media/images/page.html",  # not media: could run scripts on our address
    "/media/../secret.png", "/media/images/..%2F..%2Fsecret.png", "/media/%2e%2e/secret.png",
    "/media/images/missing.png", "/media/images/",
])
def test_what_is_never_served(client, media, path):
    assert client.get(path).status_code == 404


def test_only_reading(client, media):
    assert client.post("/media/images/photo.png").status_code == 405
