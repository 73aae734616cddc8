"""The websocket routes (wgec/asgi.py mounts them beside Django's HTTP views)."""

from django.urls import path

from amendments.live.consumers import ReportConsumer

websocket_urlpatterns = [
    path("live/reports/<int:pk>/", ReportConsumer.as_asgi(), name="live-report"),
]

# For reverse(…, urlconf="amendments.live.routing"): the pages write the address of their socket.
urlpatterns = websocket_urlpatterns
