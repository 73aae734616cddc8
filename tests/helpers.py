"""What tests speak of: the named users, rows looked up the way people name them, common requests.

Fixtures live in conftest.py; everything a test module imports comes from here.
"""

from django.contrib.auth.models import Group

from amendments.models import Paragraph, User

PASSWORD = "wgec-test-password"


def make_user(username, *, participant=None, groups=(), **extra):
    user = User.objects.create_user(username, password=PASSWORD, participant=participant, **extra)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


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
    from amendments import actions

    return actions.amendments.propose(
        user=user,
        paragraph_id=target.pk,
        kind="modify",
        expected_paragraph_version=target.version,
        proposed_text=text,
        justification=justification,
        submit=submit,
    )
