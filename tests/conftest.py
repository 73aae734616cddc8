"""Shared fixtures: the real WGEC data and the named users every feature test speaks of."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from amendments.management.commands.load_demo import ensure_groups
from amendments.models import Paragraph, Participant, Report, User

PASSWORD = "wgec-test-password"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rendered redlines are cached by version; each test starts with none (ids repeat across tests)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def wgec(db):
    """The participants and the Chair's draft report of 11 November 2017, loaded as `make run` loads them."""
    call_command("load_wgec", verbosity=0, stdout=_Null())
    return Report.objects.get()


class _Null:
    def write(self, *_):
        pass


def _user(username, *, participant=None, groups=(), **extra):
    user = User.objects.create_user(username, password=PASSWORD, participant=participant, **extra)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def secretariat_officer(wgec):
    ensure_groups()
    return _user("officer", groups=[User.SECRETARIAT], is_staff=True, first_name="Sofia", last_name="Officer")


@pytest.fixture
def russia_delegate(wgec):
    return _user("delegate-ru", participant=Participant.objects.get(name="Russian Federation"))


@pytest.fixture
def japan_delegate(wgec):
    return _user("delegate-jp", participant=Participant.objects.get(name="Japan"))


@pytest.fixture
def observer_delegate(wgec):
    observer = Participant.objects.create(
        name="Observer delegation", stakeholder_group="international-org", role=Participant.Role.OBSERVER
    )
    return _user("delegate-obs", participant=observer)


def count_queries(client, url):
    """SQL queries for one request with nothing cached (the most a request can cost)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def paragraph(section_key, number=None, *, item=None, footnote=None):
    """Look up a row of the draft the way people name it: ("recommendations", "1", item=2)."""
    if footnote is not None:
        return Paragraph.objects.get(kind=Paragraph.Kind.FOOTNOTE, number=str(footnote))
    top = Paragraph.objects.get(section__key=section_key, parent=None, number=number or "")
    if item is None:
        return top
    return top.children.exclude(kind=Paragraph.Kind.FOOTNOTE).order_by("position")[item]


def propose_change(user, target, text, *, submit=True, justification=""):
    """An amendment by the user's delegation changing `target` to `text`."""
    from amendments import amending

    return amending.propose(
        user=user,
        paragraph_id=target.pk,
        kind="modify",
        expected_paragraph_version=target.version,
        proposed_text=text,
        justification=justification,
        submit=submit,
    )


pytest_plugins = ["tests.browser"]
