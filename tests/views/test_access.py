"""Login is required everywhere: an anonymous visitor is sent to the login page from every page."""

import pytest
from django.urls import reverse

from tests.helpers import paragraph

pytestmark = pytest.mark.django_db


def _pages(report):
    return [
        reverse("home"),
        reverse("report", args=[report.pk]),
        reverse("paragraph", args=[paragraph("introduction", "15").pk]),
    ]


def test_anonymous_visitor_is_sent_to_login_from_every_page(client, wgec):
    for url in _pages(wgec):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


def test_anonymous_visitor_is_sent_to_admin_login(client, wgec):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_login_page_itself_is_open(client, db):
    assert client.get(reverse("login")).status_code == 200


def test_delegate_can_read_every_page(client, russia_delegate, wgec):
    client.force_login(russia_delegate)
    for url in _pages(wgec):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url


def test_delegate_is_not_let_into_the_admin(client, russia_delegate):
    client.force_login(russia_delegate)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_logout_ends_the_session(client, russia_delegate, wgec):
    client.force_login(russia_delegate)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("report", args=[wgec.pk])).status_code == 302


def test_logout_by_get_changes_nothing(client, russia_delegate, wgec):
    client.force_login(russia_delegate)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("report", args=[wgec.pk])).status_code == 200
