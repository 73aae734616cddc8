"""Live updates under a session: 200 pages listening to one report while the secretariat makes 100 edits.

The app runs under uvicorn (as in the image) on the loopback, with the Redis channel layer
(REDIS_URL, default redis://127.0.0.1:6379/15), and 200 websocket clients, each logged in as a
delegate of its own, listen on the report. The secretariat edits 100 paragraphs one after the
other, through the app's action, as a request would. For each notice each client receives, the
delivery latency runs from the moment the edit's transaction committed (when the live layer sends
its notice) to the client's receipt: p50, p95 and max (goal p95 ≤ 500 ms), and the notices lost
(goal none). Run: python benchmarks/bench_live.py
"""

import asyncio
import os
import socket
import statistics
import sys
import threading
import time

os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("CACHE_KEY_PREFIX", "wgec-bench-live")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")

import bench_report  # noqa: E402  (sets Django up, as every benchmark here)
import benchdjango  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_LIVE_CLIENTS", "200"))
EDITS = 100
GOAL_P95_MS = 500


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(port):
    import uvicorn

    from wgec.asgi import application

    server = uvicorn.Server(
        uvicorn.Config(
            application, host="127.0.0.1", port=port, ws="websockets-sansio", lifespan="off", log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("uvicorn did not start")
        time.sleep(0.05)
    return server, thread


def _listeners(port, report_id, cookies, received, ready, stop):
    """The clients' own event loop (a thread), as the browsers are processes of their own."""
    import websockets

    async def listen(n, cookie):
        await asyncio.sleep(n * 0.02)  # pages open one after the other, as a room fills
        url = f"ws://127.0.0.1:{port}/live/reports/{report_id}/"
        headers = [("Cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}")]
        async with websockets.connect(url, origin="http://127.0.0.1", additional_headers=headers) as ws:
            ready.append(1)
            while not stop.is_set():
                try:
                    message = await asyncio.wait_for(ws.recv(), timeout=0.2)
                except TimeoutError:
                    continue
                received.append((time.perf_counter(), message))

    async def main():
        await asyncio.gather(*(listen(n, cookie) for n, cookie in enumerate(cookies)))

    thread = threading.Thread(target=lambda: asyncio.run(main()), daemon=True)
    thread.start()
    return thread


def main():
    import json
    import random

    from amendments import actions
    from amendments.live import events
    from amendments.models import Paragraph, Participant, User, WorkingGroup

    call_command("migrate", verbosity=0)
    WorkingGroup.objects.create(name="Benchmark working group")
    report = bench_report.synthetic_report(random.Random(2018), paragraphs=EDITS + 20, amendments=0)
    secretariat = User.objects.create_user("officer", password="bench-password")
    group, _ = Group.objects.get_or_create(name=User.SECRETARIAT)
    secretariat.groups.add(group)
    cookies = []
    for n in range(CLIENTS):
        member = Participant.objects.create(name=f"Listening delegation {n + 1}", stakeholder_group="member-state")
        user = User.objects.create_user(f"delegate{n + 1}", password="bench-password", participant=member)
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)

    committed = {}  # paragraph id → when its edit's notice was sent, at commit
    send = events.send

    def timed_send(by_group):
        now = time.perf_counter()
        for notice in by_group.values():
            for pk in notice.paragraphs:
                committed.setdefault(pk, now)
        send(by_group)

    events.send = timed_send
    port = _free_port()
    server, server_thread = _serve(port)
    received, ready, stop = [], [], threading.Event()
    listeners = _listeners(port, report.pk, cookies, received, ready, stop)
    deadline = time.monotonic() + 60
    while len(ready) < CLIENTS:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {len(ready)} of {CLIENTS} clients connected")
        time.sleep(0.05)

    paragraphs = list(Paragraph.objects.filter(section__report=report, parent=None).order_by("position")[:EDITS])
    start = time.perf_counter()
    for paragraph in paragraphs:
        actions.draft.edit_paragraph(
            paragraph.pk, text=paragraph.text + " Edited live.", expected_version=paragraph.version, user=secretariat
        )
        time.sleep(0.02)  # a secretariat types; the edits still come faster than in any session
    edit_seconds = time.perf_counter() - start
    time.sleep(2)  # the last notices arrive
    stop.set()
    listeners.join(timeout=10)  # the pages close their connections, then the server stops
    server.should_exit = True
    server_thread.join(timeout=10)

    latencies = []
    for at, message in received:
        for pk in json.loads(message)["paragraphs"]:
            if pk in committed:
                latencies.append((at - committed[pk]) * 1000)
    expected = CLIENTS * len(paragraphs)
    lost = expected - len(latencies)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("inf")
    print(f"{CLIENTS} clients on one report over the loopback (uvicorn, Redis channel layer);")
    print(f"{len(paragraphs)} edits in {edit_seconds:.1f} s; {len(latencies)} notices received of {expected}.")
    rows = [
        ("delivery p50 (ms)", f"{statistics.median(latencies):.1f}" if latencies else "-", "", True),
        ("delivery p95 (ms)", f"{p95:.1f}", f"≤ {GOAL_P95_MS}", p95 <= GOAL_P95_MS),
        ("delivery max (ms)", f"{latencies[-1]:.1f}" if latencies else "-", "", True),
        ("notices lost", str(lost), "0", lost == 0),
    ]
    return benchdjango.report(rows)


if __name__ == "__main__":
    sys.exit(main())
