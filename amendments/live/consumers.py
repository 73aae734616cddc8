"""The live connection of an open page: a websocket on /live/reports/<id>/ that only listens.

A page joins the groups of what its user may see on that report (amendments.live.groups) and
hears each notice as JSON. The user comes from the session cookie (Channels' AuthMiddlewareStack,
wgec/asgi.py); anyone who could not open the report's page is refused before the handshake ends
(close code 4403), and nothing a page sends is read.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from amendments.live.groups import groups_for
from amendments.models import Report

REFUSED = 4403


def _groups_of(user: Any, report_id: int) -> list[str] | None:
    """The groups of this user's page on this report; None if the user may not read it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if not Report.objects.of(user).filter(pk=report_id).exists():
        return None
    return groups_for(user, report_id)


class ReportConsumer(AsyncJsonWebsocketConsumer):
    groups_joined: list[str]

    async def connect(self) -> None:
        self.groups_joined = []
        report_id = int(self.scope["url_route"]["kwargs"]["pk"])
        # The user and their roles are read from the database: in a thread, as Django asks.
        groups = await database_sync_to_async(_groups_of)(self.scope.get("user"), report_id)
        if groups is None:
            await self.close(code=REFUSED)
            return
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined = groups
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """A page has nothing to say: what it sends is dropped."""

    async def live_notice(self, event: dict[str, Any]) -> None:
        await self.send_json(event["notice"])
