"""With REDIS_URL, every app instance reads the blocks another rendered: one cache for all."""

import os
import uuid
from unittest import mock

import pytest
from django.core.cache import CacheHandler
from django.urls import reverse

from amendments import warming
from amendments.templatetags import redlines
from amendments.views import report as report_view
from wgec.env import redis_cache

URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not _redis_answers(), reason=f"no Redis answers on {URL} (REDIS_URL)"),
]


@pytest.fixture
def two_instances():
    """Two cache clients built from the same settings, as two app processes build theirs; under a
    prefix of their own, removed afterwards (the Redis may be shared)."""
    prefix = f"wgec-test-{uuid.uuid4().hex}"
    config = redis_cache(URL, key_prefix=prefix)
    first, second = CacheHandler({"default": config})["default"], CacheHandler({"default": config})["default"]
    assert first is not second
    yield first, second
    import redis

    client = redis.Redis.from_url(URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_a_block_rendered_by_one_instance_is_served_by_the_other(client, wgec, japan_delegate, two_instances):
    first, second = two_instances
    with mock.patch.object(warming, "cache", first), mock.patch.object(redlines, "cache", first):
        assert warming.warm_report(wgec) > 0

    client.force_login(japan_delegate)
    with (
        mock.patch.object(report_view, "cache", second),
        mock.patch.object(redlines, "cache", second),
        mock.patch.object(redlines, "render_to_string", wraps=redlines.render_to_string) as render,
    ):
        response = client.get(reverse("report", args=[wgec.pk]))
    assert response.status_code == 200
    assert [c for c in render.call_args_list if c.args[0] == "amendments/_paragraph.html"] == []
    assert "Creation of a permanent and open multistakeholder working group" in response.content.decode()
