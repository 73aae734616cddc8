"""Production settings pass Django's deployment checks; every response carries the security headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _check_deploy(**variables):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEBUG", "HTTPS", "AXES", "SECRET_KEY", "STATIC", "SECURE", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(variables)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_production_environment_passes_check_deploy_with_no_warning(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text(secrets.token_urlsafe(50))
    result = _check_deploy(SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="wgec.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_behind_a_redirecting_proxy_the_ssl_redirect_can_be_off(tmp_path):
    result = _check_deploy(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="wgec.example.org",
        BEHIND_PROXY="1",
        SECURE_SSL_REDIRECT="0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_weak_setting_is_reported():
    result = _check_deploy(
        SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="wgec.example.org", SECURE_HSTS_SECONDS="0"
    )
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


@pytest.mark.django_db
def test_responses_carry_the_security_headers(client, russia_delegate):
    from tests.helpers import PASSWORD

    client.login(username=russia_delegate.username, password=PASSWORD)
    for url in (reverse("login"), reverse("home")):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
