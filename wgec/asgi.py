"""ASGI entry point: Django's views over HTTP, and the pages' live connections over websockets.

`manage.py runserver` (daphne) and gunicorn's uvicorn workers (the Docker image) both serve this.
A websocket is opened only from a page of one of ALLOWED_HOSTS (its Origin header: another site
cannot listen with a delegate's cookie), and carries the user of the session cookie.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wgec.settings")
# Django first: the app's models must be loaded before the routes import the consumers.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import OriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from amendments.live.routing import websocket_urlpatterns  # noqa: E402


class AllowedHostsOrigin(OriginValidator):
    """Channels' AllowedHostsOriginValidator, reading ALLOWED_HOSTS at each connection rather than
    once at import, so the origins follow the settings in force (as Django's host check does)."""

    def __init__(self, application: object) -> None:
        super().__init__(application, [])

    def valid_origin(self, parsed_origin: object) -> bool:
        allowed = settings.ALLOWED_HOSTS
        if settings.DEBUG and not allowed:  # as Django's own host check, with DEBUG on
            allowed = ["localhost", "127.0.0.1", "[::1]"]
        self.allowed_origins = allowed
        return super().valid_origin(parsed_origin)


application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOrigin(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
