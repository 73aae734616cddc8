"""The report page's blocks are in the cache before anyone asks: after `warm_cache` (a deploy, a
restart of the cache) and after each change, as a member sees them; a draft never goes there."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from amendments import actions
from amendments.actions.draft import edit_paragraph
from amendments.models import Paragraph
from amendments.templatetags import redlines
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings):
    """Writes render their blocks when the cache is shared by the app's instances (REDIS_URL)."""
    settings.WARM_BLOCKS_ON_WRITE = True


def top_paragraphs(report):
    return Paragraph.objects.filter(section__report=report, parent=None).count()


def blocks_rendered(client, url):
    """How many paragraph blocks a request had to render (none: every one came from the cache)."""
    with mock.patch.object(redlines, "render_to_string", wraps=redlines.render_to_string) as render:
        assert client.get(url).status_code == 200
    return sum(1 for call in render.call_args_list if call.args[0] == "amendments/_paragraph.html")


@pytest.mark.parametrize("query", ["", "?redlines=on"])
def test_after_warm_cache_the_report_page_renders_no_block(client, wgec, japan_delegate, russia_delegate, query):
    propose_change(russia_delegate, paragraph("recommendations", "3"), "A submitted change of Recommendation 3.")
    cache.clear()
    client.force_login(japan_delegate)
    url = reverse("report", args=[wgec.pk]) + query
    assert blocks_rendered(client, url) == top_paragraphs(wgec)  # cold: every block rendered

    cache.clear()
    call_command("warm_cache", stdout=mock.Mock())

    assert blocks_rendered(client, url) == 0


def test_warm_cache_says_how_many_blocks_it_rendered(wgec):
    out = mock.Mock()
    call_command("warm_cache", stdout=out)
    message = out.write.call_args_list[0].args[0]
    assert message.startswith(f"{wgec.title}: ")
    assert int(message.split(": ")[1].split()[0]) == 2 * top_paragraphs(wgec)  # with and without redlines
    call_command("warm_cache", stdout=out)
    assert " 0 blocks rendered" in out.write.call_args_list[1].args[0]  # nothing left to render


def test_after_an_edit_its_block_is_in_the_cache_before_the_next_page(
    shared_cache, client, wgec, japan_delegate, secretariat_officer, django_capture_on_commit_callbacks
):
    call_command("warm_cache", stdout=mock.Mock())
    client.force_login(japan_delegate)
    url = reverse("report", args=[wgec.pk])
    target = paragraph("recommendations", "5")

    with django_capture_on_commit_callbacks(execute=True):
        edit_paragraph(target.pk, text="Recommendation 5, as edited.", expected_version=target.version, user=None)

    assert blocks_rendered(client, url) == 0
    assert "Recommendation 5, as edited." in client.get(url).content.decode()


def test_a_submitted_amendment_and_a_comment_are_in_the_cached_block_at_once(
    shared_cache, client, wgec, japan_delegate, russia_delegate, django_capture_on_commit_callbacks
):
    call_command("warm_cache", stdout=mock.Mock())
    client.force_login(japan_delegate)
    url = reverse("report", args=[wgec.pk])  # the page as it opens; warm_cache renders the redlines
    target = paragraph("recommendations", "19", item=0)  # a sub-item: shown in its paragraph's block

    with django_capture_on_commit_callbacks(execute=True):
        amendment = propose_change(russia_delegate, target, target.text + " Submitted words.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.comments.comment(user=russia_delegate, text="Our reasons.", amendment=amendment)

    assert blocks_rendered(client, url) == 0
    html = client.get(url).content.decode()
    assert 'class="count">1</span> pending' in html
    assert "1 comment" in html


def test_a_draft_is_never_rendered_into_the_shared_cache(
    shared_cache, client, wgec, russia_delegate, japan_delegate, django_capture_on_commit_callbacks
):
    target = paragraph("recommendations", "4")
    with django_capture_on_commit_callbacks(execute=True):
        propose_change(russia_delegate, target, target.text + " Private draft words.", submit=False)
    call_command("warm_cache", stdout=mock.Mock())

    client.force_login(japan_delegate)
    assert blocks_rendered(client, reverse("report", args=[wgec.pk]) + "?redlines=on") == 0
    # Russia's own page shows its draft: that block (its own key) is rendered for it, the rest is cached.
    client.force_login(russia_delegate)
    url = reverse("report", args=[wgec.pk]) + "?redlines=on"
    assert blocks_rendered(client, url) == 1
    assert "Private draft words." in client.get(url).content.decode()
    client.force_login(japan_delegate)
    assert "Private draft words." not in client.get(url).content.decode()


def test_a_change_rolled_back_renders_nothing(shared_cache, wgec, django_capture_on_commit_callbacks):
    target = paragraph("recommendations", "6")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        edit_paragraph(target.pk, text="Never committed.", expected_version=target.version, user=None)
        raise RuntimeError
    assert callbacks == []


def test_with_a_cache_per_process_a_write_renders_nothing(wgec, django_capture_on_commit_callbacks):
    target = paragraph("recommendations", "6")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        edit_paragraph(target.pk, text="Edited.", expected_version=target.version, user=None)
    assert all(getattr(c, "__module__", "") != "amendments.warming" for c in callbacks)
