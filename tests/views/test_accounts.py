"""Accounts: lockout after repeated failed logins, password reset by e-mail, no default accounts,
sessions that end on logout and when a user is deactivated."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from amendments.models import User
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

WITH_AXES = override_settings(
    AXES_ENABLED=True,
    AXES_FAILURE_LIMIT=3,
    AUTHENTICATION_BACKENDS=["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"],
)


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@WITH_AXES
def test_repeated_failed_logins_lock_out_with_a_clear_message(client, russia_delegate):
    for _ in range(2):
        assert _login(client, russia_delegate.username, "wrong").status_code == 200
    response = _login(client, russia_delegate.username, "wrong")
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    # Locked even with the right password now.
    response = _login(client, russia_delegate.username, PASSWORD)
    assert response.status_code == 429
    assert client.get(reverse("home")).status_code == 302  # still not logged in


@WITH_AXES
def test_a_successful_login_resets_the_count(client, russia_delegate):
    for _ in range(2):
        _login(client, russia_delegate.username, "wrong")
    assert _login(client, russia_delegate.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(2):
        assert _login(client, russia_delegate.username, "wrong").status_code == 200


def test_password_reset_by_email(client, russia_delegate):
    russia_delegate.email = "delegate@mid.example"
    russia_delegate.save()
    client.post(reverse("password_reset"), {"email": "delegate@mid.example"})
    [message] = mail.outbox
    assert message.subject == "WGEC Redline: reset your password"
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-Strong-passphrase", "new_password2": "a-new-Strong-passphrase"},
    )
    assert client.login(username=russia_delegate.username, password="a-new-Strong-passphrase")


def test_password_reset_for_an_unknown_address_says_nothing_more(client, wgec):
    response = client.post(reverse("password_reset"), {"email": "nobody@nowhere.example"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []


def test_no_account_exists_without_the_demo_fixture(db):
    call_command("load_wgec", verbosity=0)
    assert not User.objects.exists()


def test_demo_fixture_creates_the_demo_logins(db):
    call_command("load_wgec", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert set(User.objects.values_list("username", flat=True)) == {
        "secretariat", "chair", "russia", "japan", "ashtonhart", "observer",
    }  # fmt: skip


def test_deactivating_a_user_ends_their_session(client, russia_delegate, wgec):
    client.login(username=russia_delegate.username, password=PASSWORD)
    assert client.get(reverse("report", args=[wgec.pk])).status_code == 200
    russia_delegate.is_active = False
    russia_delegate.save()
    assert client.get(reverse("report", args=[wgec.pk])).status_code == 302
