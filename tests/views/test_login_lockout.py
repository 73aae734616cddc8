"""The login lockout counts per username and client address, the address as the TLS proxy saw it.

Each test reads the client-address settings from wgec/settings.py run with its own AXES_PROXY_COUNT,
then turns the lockout on (the suite runs with AXES_ENABLED=0).
"""

import runpy
from pathlib import Path

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory, override_settings
from django.urls import reverse

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

SETTINGS = Path(__file__).resolve().parents[2] / "wgec" / "settings.py"
PROXY = "10.0.0.2"  # the TLS proxy: every request reaches the app from it
STRANGER = "203.0.113.7"
DELEGATE = "198.51.100.9"


@pytest.fixture
def lockout(monkeypatch):
    """Turns the lockout on (3 failures) with the client-address settings of a given AXES_PROXY_COUNT."""

    def configure(proxies: int):
        monkeypatch.setenv("AXES_PROXY_COUNT", str(proxies))
        configured = runpy.run_path(str(SETTINGS))
        client_address = {name: value for name, value in configured.items() if "IPWARE" in name}
        override = override_settings(
            AXES_ENABLED=True,
            AXES_FAILURE_LIMIT=3,
            AUTHENTICATION_BACKENDS=[
                "axes.backends.AxesStandaloneBackend",
                "django.contrib.auth.backends.ModelBackend",
            ],
            **client_address,
        )
        override.enable()
        return override

    overrides = []
    yield lambda proxies: overrides.append(configure(proxies))
    for override in overrides:
        override.disable()


def _login(client, username, password, *, remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def test_behind_the_proxy_a_stranger_locks_the_user_out_from_their_own_address_only(lockout, client, russia_delegate):
    lockout(1)
    for _ in range(3):
        response = _login(client, russia_delegate.username, "wrong", remote=PROXY, forwarded=STRANGER)
    assert response.status_code == 429
    assert _login(client, russia_delegate.username, PASSWORD, remote=PROXY, forwarded=STRANGER).status_code == 429

    assert _login(client, russia_delegate.username, PASSWORD, remote=PROXY, forwarded=DELEGATE).status_code == 302


def test_behind_the_proxy_a_forged_forwarded_for_locks_only_the_forgers_own_address(lockout, client, russia_delegate):
    lockout(1)
    # The stranger writes the delegate's address into the header; the proxy appends the real one.
    for _ in range(3):
        response = _login(client, russia_delegate.username, "wrong", remote=PROXY, forwarded=f"{DELEGATE}, {STRANGER}")
    assert response.status_code == 429

    assert _login(client, russia_delegate.username, PASSWORD, remote=PROXY, forwarded=DELEGATE).status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_does_not_dodge_the_lockout(lockout, client, russia_delegate):
    lockout(0)
    forged = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"]
    for address in forged[:3]:
        response = _login(client, russia_delegate.username, "wrong", remote=STRANGER, forwarded=address)
    assert response.status_code == 429
    assert _login(client, russia_delegate.username, PASSWORD, remote=STRANGER, forwarded=forged[3]).status_code == 429

    assert _login(client, russia_delegate.username, PASSWORD, remote=DELEGATE).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "192.0.2.1", PROXY),  # no proxy: the header is the client's own words, REMOTE_ADDR counts
        (1, STRANGER, STRANGER),
        (1, f"192.0.2.1, {STRANGER}", STRANGER),  # what the client wrote stands left of what the proxy added
        (1, f"not-an-address, {STRANGER}", STRANGER),
        (1, None, PROXY),  # a request that reached the app without going through the proxy
        (2, f"{STRANGER}, 10.0.0.3", STRANGER),
        (2, f"192.0.2.1, {STRANGER}, 10.0.0.3", STRANGER),
    ],
)
def test_the_client_address_is_the_one_the_first_proxy_saw(lockout, proxies, forwarded, address):
    lockout(proxies)
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    assert get_client_ip_address(RequestFactory().post("/accounts/login/", **headers)) == address
