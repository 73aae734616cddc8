"""Load: the app under gunicorn (2 workers) on PostgreSQL, with 20 simulated delegations for 60 s.

Each delegation logs in, then in a loop opens the report, a paragraph, previews an amendment,
submits it, comments on it and opens it. Reported: requests per second, p50/p95/p99 latency and
errors (goal: p95 ≤ 250 ms, 0 errors). Afterwards every amendment the clients submitted must be in
the database with its history: the count is checked against the clients' own log.

Traffic goes to 127.0.0.1 only. Needs a PostgreSQL server: LOAD_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/wgec_load (the database is dropped and created afresh).
`--instances 2` starts two gunicorn servers on two ports sharing the database and a Redis cache
(`--redis`, default LOAD_REDIS_URL or redis://127.0.0.1:6379/0, under a key prefix of this run);
the delegations are spread over them, as a proxy would.

Run: python benchmarks/load.py [--seconds 60] [--clients 20] [--instances 2]
"""

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/wgec_load"
PASSWORD = "load-test-password"  # noqa: S105 -- users of a throwaway database


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fresh_database(url):
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _env(url, static_root, port, redis_url=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "STATIC_MANIFEST", "WHITENOISE_USE_FINDERS", "REDIS_URL", "CACHE_KEY_PREFIX"}
    }
    if redis_url:
        env.update(REDIS_URL=redis_url, CACHE_KEY_PREFIX=f"wgec-load-{uuid.uuid4().hex}")
    env.update(
        DATABASE_URL=url, SECRET_KEY="load-test-" + "x" * 50, ALLOWED_HOSTS="127.0.0.1", HTTPS="0",
        STATIC_ROOT=str(static_root), GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2", LOG_LEVEL="WARNING",
    )  # fmt: skip
    return env


SETUP = """
from amendments.models import Participant, User
for i in range({clients}):
    p = Participant.objects.create(name=f"Load delegation {{i}}", stakeholder_group="member-state")
    User.objects.create_user(f"load-{{i}}", password="{password}", participant=p)
"""

TARGETS = """
import json
from amendments.models import Paragraph
rows = Paragraph.objects.filter(section__key="recommendations", parent=None).order_by("position")
print(json.dumps([[p.pk, p.version, p.text] for p in rows]))
"""

COUNT = """
from amendments.models import Amendment
ids = list(Amendment.objects.filter(author__username__startswith="load-").values_list("id", flat=True))
with_history = Amendment.history.filter(id__in=ids, history_type="+").values("id").distinct().count()
print(len(ids), with_history)
"""


class Delegation(threading.Thread):
    def __init__(self, number, base, deadline, targets, think=0.0, arrives=0.0):
        super().__init__(daemon=True)
        self.number, self.base, self.deadline, self.targets, self.think = number, base, deadline, targets, think
        self.arrives = arrives  # seconds after the start: a room fills, it does not log in at one instant
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)
        self.latencies, self.errors, self.submitted = [], [], []
        self.by_kind = {}

    def _csrf(self):
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def request(self, path, data=None, expect=(200,)):
        body = (
            urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._csrf()}).encode() if data is not None else None
        )
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, headers, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, content = error.code, error.headers, error.read()
        except (OSError, ValueError) as error:  # refused connection, timeout, bad URL
            self.errors.append(f"{path}: {error}")
            return None, None, b""
        elapsed = time.perf_counter() - start
        self.latencies.append(elapsed)
        if self.think:
            time.sleep(self.think)  # a delegate reads before the next click
        kind = re.sub(r"/\d+/", "/N/", path.split("?")[0])
        self.by_kind.setdefault((request.get_method(), kind), []).append(elapsed)
        if status not in expect:
            self.errors.append(f"{path}: HTTP {status}")
        return status, headers, content

    def run(self):
        time.sleep(self.arrives)
        self.request("/accounts/login/")
        self.request("/accounts/login/", {"username": f"load-{self.number}", "password": PASSWORD}, expect=(302,))
        n = 0
        while time.monotonic() < self.deadline:
            paragraph_id, version, text = self.targets[(self.number + n) % len(self.targets)]
            self.request(self.report_url)
            self.request(f"/paragraphs/{paragraph_id}/")
            proposal = f"{text} Load {self.number}-{n}."
            self.request(f"/paragraphs/{paragraph_id}/preview/", {"proposed_text": proposal})
            status, headers, _ = self.request(
                f"/paragraphs/{paragraph_id}/propose/",
                {
                    "proposed_text": proposal,
                    "justification": "",
                    "expected_paragraph_version": version,
                    "form_token": str(uuid.uuid4()),
                    "action": "submit",
                },  # fmt: skip
                expect=(302,),
            )
            if status == 302:
                location = headers["Location"]
                self.submitted.append(location)
                amendment = re.search(r"/amendments/(\d+)/", location).group(1)
                self.request(
                    f"/amendments/{amendment}/comments/", {"text": f"Comment {self.number}-{n}."}, expect=(302,)
                )
                self.request(f"/amendments/{amendment}/")
            n += 1


def _forget(redis_url, prefix):
    """Remove this run's keys from the Redis, which others may share."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    for at in range(0, len(keys), 1000):
        client.delete(*keys[at : at + 1000])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _manage(env, *args, script=None):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=script,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--think", type=float, default=0.0, help="seconds each delegation pauses between requests (default 0: flat out)"
    )
    parser.add_argument(
        "--ramp", type=float, default=0.0, help="seconds between two delegations' arrivals (default 0: all at once)"
    )
    parser.add_argument("--instances", type=int, default=1, help="app servers sharing the database and Redis")
    parser.add_argument("--redis", default=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/0"))
    options = parser.parse_args()
    url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_URL)
    ports = [_free_port() for _ in range(options.instances)]
    redis_url = options.redis if options.instances > 1 else None
    with tempfile.TemporaryDirectory() as static_root, tempfile.TemporaryFile() as server_log:
        env = _env(url, static_root, ports[0], redis_url)
        _fresh_database(url)
        for step in (("migrate", "-v0"), ("load_wgec",), ("collectstatic", "--noinput", "-v0")):
            _manage(env, *step)
        _manage(env, "shell", "-v", "0", script=SETUP.format(clients=options.clients, password=PASSWORD))
        targets = json.loads(_manage(env, "shell", "-v", "0", script=TARGETS))
        report = _manage(
            env, "shell", "-v", "0", script="from amendments.models import Report; print(Report.objects.current().pk)"
        ).strip()
        servers = [
            subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "wgec.asgi:application", "--config",
                 "wgec/gunicorn.conf.py", "--access-logfile", "/dev/null"],
                cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.DEVNULL, stderr=server_log,
            )
            for port in ports
        ]  # fmt: skip
        try:
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            for base in bases:
                for _ in range(100):
                    try:
                        urllib.request.urlopen(base + "/accounts/login/", timeout=2).read()
                        break
                    except OSError:
                        time.sleep(0.2)
            deadline = time.monotonic() + options.seconds
            clients = [
                Delegation(i, bases[i % len(bases)], deadline, targets, options.think, i * options.ramp)
                for i in range(options.clients)
            ]
            for client in clients:
                client.report_url = f"/reports/{report}/"
            start = time.monotonic()
            for client in clients:
                client.start()
            for client in clients:
                client.join(timeout=options.seconds + 120)
            elapsed = time.monotonic() - start
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server_log.seek(0)
                    sys.exit("gunicorn did not stop within 30 s:\n" + server_log.read().decode()[-3000:])
        if redis_url:
            _forget(redis_url, env["CACHE_KEY_PREFIX"])
        stored, with_history = map(int, _manage(env, "shell", "-v", "0", script=COUNT).split())

    latencies = sorted(t for c in clients for t in c.latencies)
    errors = [e for c in clients for e in c.errors]
    submitted = sum(len(c.submitted) for c in clients)
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    rows = [
        ("clients × seconds", f"{options.clients} × {options.seconds:.0f}", "", True),
        ("app instances", f"{options.instances}" + (" + Redis" if redis_url else ""), "", True),
        ("pause between requests", f"{options.think:.1f} s", "", True),
        ("between two arrivals", f"{options.ramp:.2f} s", "", True),
        ("requests", f"{len(latencies):,}", "", True),
        ("requests per second", f"{len(latencies) / elapsed:.1f}", "", True),
        ("p50 latency", f"{q[49] * 1000:.0f} ms", "", True),
        ("p95 latency", f"{q[94] * 1000:.0f} ms", "≤ 250 ms", q[94] <= 0.250),
        ("p99 latency", f"{q[98] * 1000:.0f} ms", "", True),
        ("errors", f"{len(errors)}", "0", not errors),
        ("amendments submitted (clients' log)", f"{submitted:,}", "", True),
        ("amendments in the database", f"{stored:,}", "= submitted", stored == submitted),
        ("… with their history record", f"{with_history:,}", "= submitted", with_history == submitted),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>12}  {'goal':<12} met")
    for name, value, goal, met in rows:
        print(f"{name:<{width}}  {value:>12}  {goal:<12} {'yes' if met else 'NO'}")
    kinds = {}
    for c in clients:
        for key, times in c.by_kind.items():
            kinds.setdefault(key, []).extend(times)
    print(f"\n{'request':<40} {'count':>7} {'p50':>8} {'p95':>8}")
    for (method, kind), times in sorted(kinds.items()):
        times.sort()
        print(
            f"{method + ' ' + kind:<40} {len(times):>7} {times[len(times) // 2] * 1000:>6.0f}ms {times[int(len(times) * 0.95)] * 1000:>6.0f}ms"
        )
    for error in errors[:10]:
        print("error:", error)
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
