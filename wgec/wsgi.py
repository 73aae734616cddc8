"""WSGI entry point (gunicorn wgec.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wgec.settings")
application = get_wsgi_application()
