#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wgec.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # A missing or bad setting is the operator's to fix, not a bug: one line naming it, and exit
    # status 2 as for any other bad input, for every command (Django would print a traceback).
    try:
        settings.INSTALLED_APPS  # noqa: B018 -- loading the settings checks every variable
    except ImproperlyConfigured as error:
        sys.stderr.write(f"wgec: {error}\n")
        sys.exit(2)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
