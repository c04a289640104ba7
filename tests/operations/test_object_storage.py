"""Media on S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set (README: Media on object
storage)."""
import json
import os
import subprocess
import sys

from tests.test_deployment import ROOT, manage, production_env

READ_SETTINGS = (
    "import json, config.settings.production as s;"
    "print(json.dumps([s.STORAGES, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
)


def production_settings(tmp_path, **env):
    """STORAGES and the CSP's img-src as production settings compute them (Django not started)."""
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": f"{ROOT / 'site'}:{ROOT}", **production_env(tmp_path), **env},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_files_stay_on_local_disk_by_default(tmp_path):
    storages, img_src = production_settings(tmp_path)
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["private"]["BACKEND"] == "branding.storage.PrivateFileSystemStorage"
    assert img_src == ["'self'", "data:"]


def test_a_bucket_moves_public_and_private_files_to_object_storage(tmp_path):
    storages, img_src = production_settings(tmp_path, AWS_STORAGE_BUCKET_NAME="walsall-media",
                                            AWS_S3_CUSTOM_DOMAIN="media.walsalltogether.example")
    assert storages["default"] == {"BACKEND": "storages.backends.s3.S3Storage",
                                   "OPTIONS": {"location": "media", "querystring_auth": False}}
    private = storages["private"]
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert private["OPTIONS"]["bucket_name"] == "walsall-media"
    assert private["OPTIONS"]["location"] == "private" and private["OPTIONS"]["querystring_auth"] is True
    assert storages["staticfiles"]["BACKEND"] == "config.storage.StaticFilesStorage"  # static files stay with whitenoise
    assert "https://media.walsalltogether.example" in img_src  # pages may show those images


def test_a_missing_django_storages_stops_every_command_with_a_clear_error(tmp_path):
    try:
        import storages  # noqa: F401
    except ImportError:
        result = manage("check", env={**production_env(tmp_path), "AWS_STORAGE_BUCKET_NAME": "walsall-media"})
        assert result.returncode != 0
        assert "Could not find backend 'storages.backends.s3.S3Storage'" in result.stderr
