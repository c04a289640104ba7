"""Static files storage for production: hashed, compressed names served by whitenoise."""
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """NHS.UK frontend's CSS and JS name source maps that the package does not ship.

    Django's manifest storage rewrites every sourceMappingURL comment and fails on a
    missing file, so those comments are left untouched: browsers only fetch source maps
    when developer tools are open.
    """

    patterns = tuple(
        (extension, tuple(p for p in extension_patterns if "sourceMappingURL" not in str(p)))
        for extension, extension_patterns in CompressedManifestStaticFilesStorage.patterns
    )
