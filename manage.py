#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path

# The key `make run` generated for this checkout, so that commands such as createsuperuser work
# there as printed in the README. Only manage.py reads it: gunicorn (production) still needs
# DJANGO_SECRET_KEY, and with debug off the settings refuse to start without one.
SECRET_KEY_FILE = Path(__file__).resolve().parent / ".secret_key"


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not os.environ.get("DJANGO_SECRET_KEY") and SECRET_KEY_FILE.is_file():
        os.environ["DJANGO_SECRET_KEY"] = SECRET_KEY_FILE.read_text().strip()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
