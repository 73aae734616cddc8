"""The groups that make a user secretariat or Chair come with the database, not with the demo data."""

import pytest
from django.contrib.auth.models import Group, Permission

from amendments.models import User
from tests.helpers import make_user

pytestmark = pytest.mark.django_db


def test_a_freshly_migrated_database_has_the_secretariat_and_chair_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {User.SECRETARIAT, User.CHAIR}


def test_the_secretariat_group_may_view_every_model_of_the_app_in_the_admin():
    granted = set(Group.objects.get(name=User.SECRETARIAT).permissions.values_list("codename", flat=True))
    views = set(
        Permission.objects.filter(content_type__app_label="amendments", codename__startswith="view_").values_list(
            "codename", flat=True
        )
    )
    assert views and views <= granted


def test_a_user_put_in_the_migrated_groups_is_secretariat_or_chair():
    officer = make_user("officer", groups=[User.SECRETARIAT])
    chair = make_user("chair", groups=[User.CHAIR])
    assert officer.is_secretariat and not officer.is_chair
    assert chair.is_chair and not chair.is_secretariat
