"""Puts the project's two source folders on sys.path for WSGI/ASGI servers."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = ROOT / "site"

for folder in (str(ROOT), str(SITE_DIR)):
    if folder not in sys.path:
        sys.path.insert(0, folder)
