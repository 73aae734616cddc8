"""The live connection: who may open it, and which notices each page hears.

Each test runs the connections and the writes in one event loop (the writes in Django's thread,
their on-commit callbacks run), so the in-memory channel layer carries the notices as it does
under `manage.py runserver`.
"""

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from amendments import actions
from amendments.live.consumers import REFUSED
from amendments.models import Amendment, Paragraph, Participant, Report, WorkingGroup
from tests.helpers import make_user
from wgec.asgi import application

pytestmark = pytest.mark.django_db(transaction=False)

SILENCE = 0.2  # seconds a page listens to be sure a notice did not come


def _rec(wgec: Report, number: str) -> Paragraph:
    return Paragraph.objects.get(section__report=wgec, section__key="recommendations", number=number, parent=None)


async def _open(report: Report, user: Any, origin: str = "http://testserver") -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        application, f"/live/reports/{report.pk}/", headers=[(b"origin", origin.encode()), (b"host", b"testserver")]
    )
    communicator.scope["user"] = user  # what AuthMiddlewareStack reads from the session cookie
    return communicator


def _listen(report: Report, users: dict[str, Any], write: Callable[[], Any], capture: Any) -> dict[str, list[dict]]:
    """Each named user's page open on the report while `write` runs and commits: what each heard."""

    async def run() -> dict[str, list[dict]]:
        pages = {name: await _open(report, user) for name, user in users.items()}
        for name, page in pages.items():
            connected, code = await page.connect()
            assert connected, (name, code)

        def committed() -> None:
            with capture(execute=True):
                write()

        await database_sync_to_async(committed)()
        heard: dict[str, list[dict]] = {}
        for name, page in pages.items():
            heard[name] = []
            while not await page.receive_nothing(timeout=SILENCE):
                heard[name].append(await page.receive_json_from())
            await page.disconnect()
        return heard

    return async_to_sync(run)()


@pytest.fixture(autouse=True)
def _keep_the_tests_connection(monkeypatch):
    """Channels closes the database connections around each call it makes into Django's thread
    (stale ones, in a server); here that connection holds the test's transaction, so it stays."""
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_every_member_hears_the_secretariats_edit_by_paragraph_and_never_its_text(
    wgec, secretariat_officer, japan_delegate, chair, capture
):
    rec_3 = _rec(wgec, "3")

    def edit():
        actions.draft.edit_paragraph(
            rec_3.pk, text=rec_3.text + " Live.", expected_version=rec_3.version, user=secretariat_officer
        )

    heard = _listen(wgec, {"japan": japan_delegate, "chair": chair}, edit, capture)
    expected = {"paragraphs": [rec_3.pk], "structure": False, "report": False, "screen": False}
    assert heard == {"japan": [expected], "chair": [expected]}
    assert "Live." in Paragraph.objects.get(pk=rec_3.pk).text


def test_a_draft_is_heard_only_by_its_own_delegation(
    wgec, secretariat_officer, japan_delegate, russia_delegate, chair, capture
):
    rec_3 = _rec(wgec, "3")

    def draft():
        actions.amendments.propose(
            user=russia_delegate, paragraph_id=rec_3.pk, kind=Amendment.Kind.MODIFY,
            expected_paragraph_version=rec_3.version, proposed_text=rec_3.text + " Draft words.",
        )  # fmt: skip

    users = {"russia": russia_delegate, "japan": japan_delegate, "chair": chair, "secretariat": secretariat_officer}
    heard = _listen(wgec, users, draft, capture)
    assert Amendment.objects.get(paragraph=rec_3, participant=russia_delegate.participant).submitted_at is None
    assert heard["russia"] == [{"paragraphs": [rec_3.pk], "structure": False, "report": False, "screen": False}]
    assert heard["japan"] == heard["chair"] == heard["secretariat"] == []


def test_a_submitted_amendment_is_heard_by_everyone(wgec, japan_delegate, russia_delegate, capture):
    rec_4 = _rec(wgec, "4")
    with capture(execute=True):  # committed, as a delegate's earlier request would be
        draft = actions.amendments.propose(
            user=russia_delegate, paragraph_id=rec_4.pk, kind=Amendment.Kind.MODIFY,
            expected_paragraph_version=rec_4.version, proposed_text=rec_4.text + " Submitted words.",
        )  # fmt: skip

    def submit():
        actions.amendments.submit(draft.pk, user=russia_delegate, expected_version=draft.version)

    heard = _listen(wgec, {"japan": japan_delegate}, submit, capture)
    assert Amendment.objects.get(pk=draft.pk).submitted_at is not None
    assert [notice["paragraphs"] for notice in heard["japan"]] == [[rec_4.pk]]


def test_a_draft_the_secretariat_holds_is_heard_by_the_secretariat_too(
    wgec, secretariat_officer, russia_delegate, japan_delegate, capture
):
    rec_5 = _rec(wgec, "5")

    def held():
        actions.amendments.propose(
            user=secretariat_officer, participant=russia_delegate.participant, paragraph_id=rec_5.pk,
            kind=Amendment.Kind.MODIFY, expected_paragraph_version=rec_5.version,
            proposed_text=rec_5.text + " Held words.",
        )  # fmt: skip

    users = {"secretariat": secretariat_officer, "russia": russia_delegate, "japan": japan_delegate}
    heard = _listen(wgec, users, held, capture)
    amendment = Amendment.objects.get(paragraph=rec_5)
    assert (amendment.submitted_at, amendment.held_by_secretariat) == (None, True)
    assert len(heard["secretariat"]) == len(heard["russia"]) == 1
    assert heard["japan"] == []


def test_the_screen_and_a_floor_proposal_are_heard_by_a_delegate_following_it(
    wgec, secretariat_officer, japan_delegate, capture
):
    rec_3 = _rec(wgec, "3")
    russia = Participant.objects.get(name="Russian Federation")

    def session():
        actions.screens.show(wgec.pk, user=secretariat_officer, paragraph_id=rec_3.pk)
        actions.amendments.propose(
            user=secretariat_officer, participant=russia, paragraph_id=rec_3.pk, kind=Amendment.Kind.MODIFY,
            expected_paragraph_version=rec_3.version, proposed_text=rec_3.text + " From the floor.", from_floor=True,
        )  # fmt: skip

    heard = _listen(wgec, {"japan": japan_delegate}, session, capture)
    [notice] = heard["japan"]  # one transaction after the other, each committed: notices may merge
    assert notice["screen"] is True and rec_3.pk in notice["paragraphs"]
    assert Amendment.objects.get(paragraph=rec_3, from_floor=True).submitted_at is not None


def test_a_write_that_is_rolled_back_is_heard_by_no_one(wgec, secretariat_officer, japan_delegate, capture):
    rec_3 = _rec(wgec, "3")

    def failed():
        with pytest.raises(actions.errors.StaleVersion):
            actions.draft.edit_paragraph(
                rec_3.pk, text="Not saved.", expected_version=rec_3.version - 1, user=secretariat_officer
            )

    assert _listen(wgec, {"japan": japan_delegate}, failed, capture) == {"japan": []}
    assert Paragraph.objects.get(pk=rec_3.pk).text == rec_3.text


def _refused(report: Report, user: Any, origin: str = "http://testserver") -> int | None:
    async def run() -> int | None:
        page = await _open(report, user, origin)
        connected, code = await page.connect()
        await page.disconnect()
        return None if connected else code

    return async_to_sync(run)()


def test_no_one_logged_out_may_listen(wgec):
    from django.contrib.auth.models import AnonymousUser

    assert _refused(wgec, AnonymousUser()) == REFUSED


def test_a_member_of_another_working_group_may_not_listen(wgec):
    other = WorkingGroup.objects.create(name="Another working group")
    outsider = make_user(
        "outsider",
        participant=Participant.objects.create(name="Elsewhere", stakeholder_group="member-state", working_group=other),
    )
    assert _refused(wgec, outsider) == REFUSED


def test_a_page_of_another_site_may_not_listen_with_a_delegates_cookie(wgec, japan_delegate):
    assert _refused(wgec, japan_delegate, origin="https://elsewhere.example") is not None
    assert _refused(wgec, japan_delegate) is None


def test_a_page_that_sends_something_is_ignored_and_stays_connected(wgec, japan_delegate):
    async def run() -> bool:
        page = await _open(wgec, japan_delegate)
        await page.connect()
        await page.send_json_to({"paragraphs": [1]})
        quiet = await page.receive_nothing(timeout=SILENCE)
        await page.disconnect()
        return quiet

    assert async_to_sync(run)()


def test_notices_arrive_in_the_order_of_the_commits(wgec, secretariat_officer, japan_delegate, capture):
    rec_3, rec_4 = _rec(wgec, "3"), _rec(wgec, "4")

    async def run() -> list[list[int]]:
        page = await _open(wgec, japan_delegate)
        await page.connect()
        for paragraph in (rec_3, rec_4):

            def edit(paragraph: Paragraph = paragraph) -> None:
                with capture(execute=True):
                    actions.draft.edit_paragraph(
                        paragraph.pk, text=paragraph.text + " Again.", expected_version=paragraph.version,
                        user=secretariat_officer,
                    )  # fmt: skip

            await database_sync_to_async(edit)()
        got = [(await page.receive_json_from(timeout=1))["paragraphs"] for _ in range(2)]
        await page.disconnect()
        await asyncio.sleep(0)
        return got

    assert async_to_sync(run)() == [[rec_3.pk], [rec_4.pk]]
