"""Shared fixtures: the real WGEC data and the named users every feature test speaks of."""

import pytest
from django.core.management import call_command

from amendments.management.commands.load_demo import ensure_groups
from amendments.models import Participant, Report, User
from tests.helpers import make_user


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


@pytest.fixture
def secretariat_officer(wgec):
    ensure_groups()
    return make_user("officer", groups=[User.SECRETARIAT], is_staff=True, first_name="Sofia", last_name="Officer")


@pytest.fixture
def russia_delegate(wgec):
    return make_user("delegate-ru", participant=Participant.objects.get(name="Russian Federation"))


@pytest.fixture
def japan_delegate(wgec):
    return make_user("delegate-jp", participant=Participant.objects.get(name="Japan"))


@pytest.fixture
def observer_delegate(wgec):
    observer = Participant.objects.create(
        name="Observer delegation", stakeholder_group="international-org", role=Participant.Role.OBSERVER
    )
    return make_user("delegate-obs", participant=observer)


pytest_plugins = ["tests.browser.driver"]
