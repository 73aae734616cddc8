"""The words on the pages: names said once, counts that read as counts, the right preposition for
each kind of amendment, a delegation's changes called amendments and versions (the secretariat's
issued texts alone are revisions), and every date and time in one format with its time zone."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from amendments import actions, moments
from amendments.models import Amendment, Comment, Import, Participant
from tests.helpers import make_user, paragraph, propose_change
from tests.wordfiles import make_docx, p, r

pytestmark = pytest.mark.django_db


def _html(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _text(html: str) -> str:
    """The page as it reads: tags dropped, white space as one space."""
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def ashton_hart(wgec):
    """A member whose delegation is himself: his name and his delegation's are the same."""
    return make_user(
        "nah", participant=Participant.objects.get(name="Nick Ashton-Hart"), first_name="Nick", last_name="Ashton-Hart"
    )


def _deletion(user, target):
    return actions.amendments.propose(
        user=user, paragraph_id=target.pk, kind="delete", expected_paragraph_version=target.version, submit=True
    )


def _insertion(user, target):
    return actions.amendments.propose(
        user=user, paragraph_id=target.pk, kind="insert", expected_paragraph_version=target.version,
        proposed_text="A new recommendation.", provisional_number="13 bis", submit=True,
    )  # fmt: skip


def test_a_member_named_as_his_delegation_is_named_once_in_the_header(ashton_hart, russia_delegate):
    header = _html(ashton_hart, reverse("home") + "working-groups/").split("</header>")[0]
    assert "Nick Ashton-Hart · Nick Ashton-Hart" not in _text(header)
    assert _text(header).count("Nick Ashton-Hart") == 1
    other = _html(russia_delegate, reverse("working-groups")).split("</header>")[0]
    assert "delegate-ru · Russian Federation" in _text(other)


def test_the_comment_box_says_in_whose_name_one_comments(ashton_hart):
    html = _html(ashton_hart, paragraph("recommendations", "2").get_absolute_url())
    assert '<label for="new-comment">Add a comment as Nick Ashton-Hart</label>' in html
    assert "Add a comment for" not in html


def test_the_amendments_heading_puts_its_counts_in_brackets(japan_delegate):
    rec_2 = paragraph("recommendations", "2")
    heading = 'Amendments <span class="count">(1 pending)</span>'
    assert heading in _html(japan_delegate, rec_2.get_absolute_url())
    nah = Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=rec_2)
    actions.amendments.withdraw(
        nah.pk, user=make_user("nah", participant=nah.participant), expected_version=nah.version
    )
    html = _html(japan_delegate, rec_2.get_absolute_url())
    assert 'Amendments <span class="count">(0 pending, 1 in all)</span>' in html
    assert "Amendments 0" not in _text(html)


def test_each_kind_of_amendment_is_named_with_its_own_preposition(russia_delegate, japan_delegate):
    rec_13 = paragraph("recommendations", "13")
    deletion = _deletion(russia_delegate, rec_13)
    insertion = _insertion(russia_delegate, rec_13)
    change = propose_change(russia_delegate, rec_13, rec_13.text + " Soon.")
    assert str(deletion) == "Deletion of Recommendation 13 by Russian Federation"
    assert (
        str(insertion) == f"New paragraph {insertion.provisional_number} after Recommendation 13 by Russian Federation"
    )
    assert str(change) == "Change to Recommendation 13 by Russian Federation"
    assert "<h1>Deletion of Recommendation 13</h1>" in _html(japan_delegate, deletion.get_absolute_url())
    listing = _text(_html(japan_delegate, reverse("participant", args=[russia_delegate.participant_id])))
    assert "Deletion of Recommendation 13" in listing and "Change to Recommendation 13" in listing
    assert f"New paragraph {insertion.provisional_number} after Recommendation 13" in listing
    assert "Deletion to" not in listing and "New paragraph to" not in listing


def test_a_delegations_page_calls_its_proposals_amendments_not_revisions(japan_delegate):
    nah = Participant.objects.get(name="Nick Ashton-Hart")
    html = _html(japan_delegate, reverse("participant", args=[nah.pk]))
    assert "<h1>Amendments proposed by Nick Ashton-Hart, Technical community</h1>" in html
    assert "Revisions proposed" not in html


def test_revising_a_submitted_amendment_saves_a_new_version(russia_delegate):
    rec_6 = paragraph("recommendations", "6")
    amendment = propose_change(russia_delegate, rec_6, rec_6.text + " More.")
    form = _text(_html(russia_delegate, reverse("amendment-revise", args=[amendment.pk])))
    assert "For Russian Federation. You are editing version 1; saving makes version 2." in form
    assert "Save the new version" in form and "Save revision" not in form


def test_the_secretariat_revising_a_draft_it_holds_sees_whose_it_is(secretariat_officer, japan_delegate, wgec):
    client = Client()
    client.force_login(secretariat_officer)
    text = client.get(reverse("export-current", args=[wgec.pk, "txt"])).content
    staged = actions.imports.stage(
        wgec, user=secretariat_officer, kind=Import.Kind.REVISED_TEXT,
        data=text.replace(b"existing work", b"all the work"), filename="japan.txt",
        participant=japan_delegate.participant,
    )  # fmt: skip
    (held,) = actions.imports.confirm(staged.pk, user=secretariat_officer).result["amendments"]
    form = _text(_html(secretariat_officer, reverse("amendment-revise", args=[held])))
    assert "For Japan. You are editing version 1; saving makes version 2." in form
    assert "For ." not in form and "Revise your amendment" not in form


def _word_import(officer, wgec) -> Import:
    """A Word file with a new paragraph after Recommendation 2 and a comment on a paragraph the draft
    does not have, staged for review."""
    rec_2 = paragraph("recommendations", "2")
    body = (
        p(r("2. " + rec_2.text))
        + p('<w:ins w:id="1" w:author="Bob Delegate" w:date="2024-03-01T09:30:00Z">'
            + r("2 bis. A paragraph Bob adds.") + "</w:ins>")
        + p('<w:commentRangeStart w:id="7"/>', r("Words that are nowhere in the draft at all, none of them."),
            '<w:commentRangeEnd w:id="7"/>', '<w:r><w:commentReference w:id="7"/></w:r>')
    )  # fmt: skip
    comments = (
        '<w:comment w:id="7" w:author="Bob Delegate" w:date="2024-03-01T09:30:00Z" w:initials="BD">'
        "<w:p><w:r><w:t>Where is this from?</w:t></w:r></w:p></w:comment>"
    )
    data = make_docx(body, comments=comments)
    return actions.imports.stage(wgec, user=officer, kind="word-changes", data=data, filename="bob.docx")


def test_an_import_names_a_new_paragraph_and_a_comment_on_lost_text_in_plain_words(secretariat_officer, wgec):
    staged = _word_import(secretariat_officer, wgec)
    page = _text(_html(secretariat_officer, staged.get_absolute_url()))
    assert "New New" not in page and "Insertion New 2 bis after Recommendation 2" in page
    assert "On text not in the current draft (not imported)" in page
    # An upload staged before the label said "text": the page still says what the comment is on.
    for found in staged.plan["authors"].values():
        for comment in found["comments"]:
            comment["label"] = "not in the current draft"
    Import.objects.filter(pk=staged.pk).update(plan=staged.plan)
    page = _text(_html(secretariat_officer, staged.get_absolute_url()))
    assert "On not in the current draft" not in page
    assert "On text not in the current draft (not imported)" in page


def test_a_moment_is_written_with_its_time_zone():
    moment = dt.datetime(2026, 12, 3, 13, 5, tzinfo=dt.UTC)
    assert moments.moment(moment) == "3 December 2026, 14:05 CET"  # Europe/Zurich, the default
    assert moments.moment(None) == ""


def test_the_pages_write_every_date_and_time_the_same_way_with_the_zone(russia_delegate, japan_delegate, wgec):
    rec_6 = paragraph("recommendations", "6")
    amendment = propose_change(russia_delegate, rec_6, rec_6.text + " More.")
    comment = actions.comments.comment(user=japan_delegate, text="Why?", paragraph=rec_6)
    moment = dt.datetime(2026, 12, 3, 13, 5, tzinfo=dt.UTC)
    Comment.objects.filter(pk=comment.pk).update(created=moment)
    Amendment.objects.filter(pk=amendment.pk).update(submitted_at=moment)
    wgec.amendment_deadline = dt.datetime(2026, 12, 24, 17, 0, tzinfo=dt.UTC)
    wgec.save()
    page = _text(_html(japan_delegate, rec_6.get_absolute_url()))
    assert page.count("3 December 2026, 14:05 CET") == 2  # the amendment's card and the comment
    assert "Amendments close on 24 December 2026, 18:00 CET" in page
    assert "3 Dec 2026" not in page
    versions = _text(_html(japan_delegate, amendment.get_absolute_url()))
    assert "Version 1, " in versions and " CET" in versions.split("Version 1, ")[1][:40]
