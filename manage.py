#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# `site/` holds the project configuration and CMS apps. It is a source folder, not a
# package: `site` is a standard-library module imported at interpreter start-up.
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
