"""Read settings from the environment, failing loudly on values that make no sense.

A typo such as DEBUG=ture must stop start-up with a message naming the variable,
not silently run a production server with the wrong configuration.
"""

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off.")


def env_int(name, default, *, minimum=None, maximum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum or maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} is outside the range {minimum}..{maximum}.")
    return value


def env_choice(name, default, choices):
    value = os.environ.get(name) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of {', '.join(choices)}.")
    return value


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    items = [item.strip() for item in raw.split(",")]
    if any(item == "" for item in items):
        raise ImproperlyConfigured(f"{name}={raw!r} has an empty entry; separate values with single commas.")
    return items


def env_secret(name):
    """A secret given directly (NAME) or in a file (NAME_FILE, e.g. a Docker or systemd secret)."""
    direct = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if direct and path:
        raise ImproperlyConfigured(f"Set either {name} or {name}_FILE, not both.")
    if path:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc.strerror}.") from None
        if not value:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} is empty.")
        return value
    return direct or None


# Connections to Redis the live layer of one app process may open at once.
LIVE_REDIS_CONNECTIONS = 500

# PostgreSQL connections per app process (DATABASE_POOL_SIZE).
DEFAULT_POOL_SIZE = 10

# SQLite, the default, serves a few people at once when writers queue instead of failing:
# - IMMEDIATE takes the write lock when a transaction begins. A transaction that reads first and
#   writes later (every write here checks a row before it changes it) would otherwise fail with
#   "database is locked" at once when another writer got in between: SQLite cannot wait there.
# - the timeout (seconds) is how long a writer waits for the lock before giving up;
# - WAL lets pages be read while someone writes; NORMAL syncs at checkpoints, which is safe in WAL.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def _sqlite_file(config):
    """A SQLite database in a file gets the options that let writers wait their turn."""
    if config["ENGINE"] == "django.db.backends.sqlite3" and str(config.get("NAME", "")) not in {"", ":memory:"}:
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


def database_from_url(url, *, base_dir, pool_size=DEFAULT_POOL_SIZE):
    """DATABASES['default'] for an SQLite path or a postgres:// URL; anything else is refused.

    PostgreSQL connections come from a pool of at most `pool_size` per process (psycopg_pool). The
    app runs on ASGI, where each request's view runs in a thread of its own: a connection kept in
    a thread (CONN_MAX_AGE) would die with the thread, still open, until the server refuses new
    ones ("too many clients"). The pool hands the request a connection and takes it back after.
    """
    import dj_database_url

    if not url:
        return _sqlite_file({"ENGINE": "django.db.backends.sqlite3", "NAME": base_dir / "db.sqlite3"})
    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL has the scheme {scheme!r}; use sqlite:///path or postgres://user@host:port/name."
        )
    try:
        config = dj_database_url.parse(url)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from None
    if not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database.")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Two open from the start; a request waits up to 20 s for one when all are in use.
        pool = {"min_size": min(2, pool_size), "max_size": pool_size, "timeout": 20}
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "pool": pool}
        config["CONN_MAX_AGE"] = 0  # the pool keeps them
        config["CONN_HEALTH_CHECKS"] = True  # with a pool: a broken connection is replaced, not handed out
    return _sqlite_file(config)


def redis_cache(url, *, key_prefix):
    """CACHES['default'] on the Redis server of a redis:// or rediss:// URL; None without a URL.

    Anything else is refused: a typo must not quietly leave every instance with a cache of its own.
    """
    if not url:
        return None
    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"redis", "rediss"} or "://" not in url or not url.split("://", 1)[1].split("/", 1)[0]:
        raise ImproperlyConfigured(
            f"REDIS_URL={url!r} is not a Redis address; use redis://host:6379/0 (or rediss:// over TLS)."
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        # Several apps may share one Redis: every key of this one starts with its prefix.
        "KEY_PREFIX": key_prefix,
    }


def redis_channel_layer(url, *, prefix):
    """CHANNEL_LAYERS['default'] on the Redis server of REDIS_URL (checked as for the cache); None without."""
    if redis_cache(url, key_prefix=prefix) is None:
        return None
    return {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        # redis-py's pool refuses a command once 100 are under way; a room of 200 pages that closes
        # at once (a restart, the end of a meeting) leaves 200 groups at once. Redis allows 10,000.
        "CONFIG": {"hosts": [{"address": url, "max_connections": LIVE_REDIS_CONNECTIONS}], "prefix": f"{prefix}-live"},
    }


def parse_env_file(path):
    """The KEY=VALUE lines of an env file (blank lines and # comments skipped, one pair of quotes stripped).

    A line that is not KEY=VALUE stops start-up naming the file and the line, like a bad value.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ImproperlyConfigured(f"ENV_FILE={str(path)!r} cannot be read: {exc.strerror}.") from None
    values = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key.replace("_", "a").isalnum() or key[0].isdigit():
            raise ImproperlyConfigured(f"{path}, line {number}: {raw.strip()!r} is not NAME=value.")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    return values


def _given(key, names):
    """Whether a setting is among these names: NAME and NAME_FILE (a secret in a file) are one setting."""
    base = key.removesuffix("_FILE")
    return any(name in names for name in (key, base, f"{base}_FILE"))


def env_file(base_dir):
    """The env file to read: ENV_FILE names it (empty: none); by default .env in the project folder.

    The test suite sets every variable it needs itself, so under pytest the default is none: a
    developer's .env must not change what the tests see.
    """
    if "ENV_FILE" in os.environ:
        named = os.environ["ENV_FILE"]
        return Path(named) if named else None
    if "pytest" in sys.modules:
        return None
    default = Path(base_dir) / ".env"
    return default if default.is_file() else None


def load_env_file(path):
    """Put an env file's settings into the environment, under the variables the environment sets itself.

    The environment wins per setting: SECRET_KEY in the environment also hides the file's
    SECRET_KEY_FILE (giving both would be refused). Returns the names taken from the file.
    """
    environment = set(os.environ)
    taken = []
    for key, value in parse_env_file(path).items():
        if not _given(key, environment):
            os.environ[key] = value
            taken.append(key)
    return taken
