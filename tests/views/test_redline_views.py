"""The redline pages: report with every redline in place, paragraph, compare all, participant, amendment."""

import pytest
from django.urls import reverse

from amendments import actions
from amendments.actions.draft import edit_paragraph
from amendments.models import Amendment, Participant
from tests.helpers import count_queries, paragraph, propose_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def japan(client, japan_delegate):
    client.force_login(japan_delegate)
    return client


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_report_page_counts_pending_amendments_per_paragraph(japan, wgec):
    html = _html(japan, reverse("report", args=[wgec.pk]))
    assert "13 pending amendments to this draft · 13 in all." in html
    intro_15 = paragraph("introduction", "15")
    assert '1</span> pending<span class="visually-hidden">, Introduction 15</span>' in html
    assert "· all" not in html  # every amendment is pending: no second link
    assert "<del>" not in html  # redlines only on request
    assert intro_15.text in html


def test_report_page_shows_every_redline_in_place_on_request(japan, wgec):
    html = _html(japan, reverse("report", args=[wgec.pk]) + "?redlines=on")
    assert html.count('class="amendment amendment--submitted"') == 13
    assert "<del>growing</del><ins>expanding</ins>" in html
    assert "<ins> indigenous communities,</ins>" in html  # on footnote 9, under its paragraph


def test_report_with_redlines_query_count_does_not_grow_with_amendments(japan, wgec, russia_delegate):
    url = reverse("report", args=[wgec.pk]) + "?redlines=on"
    before = count_queries(japan, url)
    for number in ("1", "4", "5", "6", "8"):
        target = paragraph("recommendations", number)
        propose_change(russia_delegate, target, target.text + " Russian addition.")
    assert count_queries(japan, url) == before
    assert japan.get(url).content.decode().count("<ins> Russian addition.</ins>") == 5


def test_report_shows_a_new_amendment_at_once_although_blocks_are_cached(japan, wgec, russia_delegate):
    url = reverse("report", args=[wgec.pk]) + "?redlines=on"
    assert "Russian addition" not in japan.get(url).content.decode()  # blocks now cached
    target = paragraph("recommendations", "4")
    propose_change(russia_delegate, target, target.text + " Russian addition.")
    html = japan.get(url).content.decode()
    assert "<ins> Russian addition.</ins>" in html
    assert '1</span> pending<span class="visually-hidden">, Recommendation 4</span>' in html


def test_cached_blocks_are_not_shared_between_delegations(client, japan_delegate, russia_delegate, wgec):
    target = paragraph("recommendations", "4")
    propose_change(russia_delegate, target, "Secret Russian draft.", submit=False)
    url = reverse("report", args=[wgec.pk]) + "?redlines=on"
    client.force_login(russia_delegate)
    assert "Secret Russian draft" in client.get(url).content.decode()
    client.force_login(japan_delegate)
    assert "Secret Russian draft" not in client.get(url).content.decode()


def test_paragraph_page_shows_each_amendment_inline_and_side_by_side(japan, wgec):
    intro_15 = paragraph("introduction", "15")
    url = reverse("paragraph", args=[intro_15.pk])
    inline = _html(japan, url)
    assert "Nick Ashton-Hart" in inline and "<del>but</del>" in inline and "<ins>and</ins>" in inline
    assert "Could suggest that a new institution was called for in Tunis." in inline
    side = _html(japan, url + "?view=side")
    assert side.count('class="side-by-side__col"') == 2
    base_col, proposal_col = side.split('class="side-by-side__col"')[1:3]
    assert "<del>" in base_col and "<ins>" not in base_col
    assert "<ins>" in proposal_col and "<del>" not in proposal_col


def test_compare_all_shows_every_proposal_for_a_paragraph_side_by_side(japan, wgec, russia_delegate):
    rec_2 = paragraph("recommendations", "2")
    propose_change(russia_delegate, rec_2, rec_2.text.replace("equal footing", "an equal footing among all"))
    html = _html(japan, reverse("paragraph-compare", args=[rec_2.pk]))
    assert html.count('class="compare__col"') == 2
    assert html.index("Nick Ashton-Hart") < html.index("Russian Federation")
    assert "<ins>expanding</ins>" in html and "among all" in html


def test_participant_page_lists_amendments_in_report_order(japan, wgec):
    nah = Participant.objects.get(name="Nick Ashton-Hart")
    html = _html(japan, reverse("participant", args=[nah.pk]))
    assert "Amendments proposed by Nick Ashton-Hart, Technical community" in html
    labels = [
        "Change to Introduction 15",
        "Change to Recommendation 1, sub-item 3",
        "Change to Recommendation 2",
        "Change to Recommendation 14",
        "Change to Annex III – Institutional Framework, unnumbered paragraph",
        "Change to Footnote 9",
    ]
    positions = [html.index(label) for label in labels]
    assert positions[:5] == sorted(positions[:5])
    assert "Where to elaborate on the sharing ideas?" in html


def test_amendment_page_shows_versions_and_the_diff_between_them(japan, russia_delegate, wgec):
    target = paragraph("recommendations", "6")
    amendment = propose_change(russia_delegate, target, target.text.replace("timely", "prompt"), justification="Style.")
    actions.amendments.revise(
        amendment.pk,
        user=russia_delegate,
        expected_version=1,
        proposed_text=target.text.replace("timely", "swift"),
        justification="Style.",
    )
    html = _html(japan, reverse("amendment", args=[amendment.pk]))
    assert "Version 1" in html and "Version 2" in html
    assert "Changes from version 1 to version 2" in html
    assert "<del>prompt</del><ins>swift</ins>" in html
    assert "Style." in html
    html = _html(japan, reverse("amendment", args=[amendment.pk]) + "?from=2&to=1")
    assert "<del>swift</del><ins>prompt</ins>" in html


@pytest.mark.parametrize("query", ["?from=7", "?to=x", "?from=-1&to=1"])
def test_amendment_page_with_an_unknown_version_is_a_404(japan, russia_delegate, wgec, query):
    amendment = propose_change(russia_delegate, paragraph("recommendations", "6"), "Shorter.")
    assert japan.get(reverse("amendment", args=[amendment.pk]) + query).status_code == 404


def test_another_delegations_draft_is_not_found_anywhere(japan, russia_delegate, wgec):
    target = paragraph("recommendations", "6")
    draft = propose_change(russia_delegate, target, "Secret Russian draft.", submit=False)
    assert japan.get(reverse("amendment", args=[draft.pk])).status_code == 404
    for url in (
        reverse("report", args=[wgec.pk]) + "?redlines=on",
        reverse("paragraph", args=[target.pk]),
        reverse("paragraph-compare", args=[target.pk]),
        reverse("participant", args=[russia_delegate.participant_id]),
    ):
        assert "Secret Russian draft" not in _html(japan, url), url


def test_own_draft_is_visible_to_its_delegation(client, russia_delegate, wgec):
    draft = propose_change(russia_delegate, paragraph("recommendations", "6"), "Our draft.", submit=False)
    client.force_login(russia_delegate)
    html = _html(client, reverse("amendment", args=[draft.pk]))
    assert "<ins>Our draft</ins>." in html and "Draft saved" in html


def test_amendment_on_a_changed_paragraph_says_so_and_shows_the_rebased_redline(japan, wgec, secretariat_officer):
    rec_2 = paragraph("recommendations", "2")
    edit_paragraph(
        rec_2.pk,
        text=rec_2.text.replace("evidence-based discussions", "evidence-based debates"),
        expected_version=rec_2.version,
        user=secretariat_officer,
    )
    html = _html(japan, reverse("paragraph", args=[rec_2.pk]))
    assert "Based on an earlier text (version 1)" in html
    assert "Carried over to the current text without conflict." in html
    assert "Against the current text" in html


def test_amendment_in_conflict_shows_both_texts(japan, wgec, secretariat_officer):
    rec_2 = paragraph("recommendations", "2")
    edit_paragraph(
        rec_2.pk,
        text=rec_2.text.replace("maintaining and growing", "maintaining and strengthening"),
        expected_version=rec_2.version,
        user=secretariat_officer,
    )
    html = _html(japan, reverse("paragraph", args=[rec_2.pk]))
    assert "Conflicts with the current text" in html
    assert "<td>strengthening</td><td>expanding</td>" in html.replace("<td>growing</td>", "")


def test_hostile_text_in_an_amendment_is_shown_as_text(japan, russia_delegate, wgec):
    target = paragraph("recommendations", "6")
    amendment = propose_change(
        russia_delegate, target, '<img src=x onerror="alert(1)"> & more', justification="<script>x()</script>"
    )
    for url in (
        reverse("amendment", args=[amendment.pk]),
        reverse("paragraph", args=[target.pk]),
        reverse("report", args=[wgec.pk]) + "?redlines=on",
    ):
        html = _html(japan, url)
        assert "<img src=x" not in html and "<script>x()" not in html
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_observer_amendments_are_marked_as_observer(japan, observer_delegate, wgec):
    target = paragraph("recommendations", "6")
    propose_change(observer_delegate, target, target.text + " Observer view.")
    html = _html(japan, reverse("paragraph", args=[target.pk]))
    assert 'Observer delegation</a> <span class="tag tag--observer">observer</span>' in html


def test_withdrawn_amendment_is_not_in_compare_all(japan, russia_delegate, wgec):
    target = paragraph("recommendations", "6")
    amendment = propose_change(russia_delegate, target, "Withdrawn idea.")
    actions.amendments.withdraw(amendment.pk, user=russia_delegate, expected_version=1)
    assert Amendment.objects.get(pk=amendment.pk).status == "withdrawn"
    assert "Withdrawn idea." not in _html(japan, reverse("paragraph-compare", args=[target.pk]))
    assert "<ins>Withdrawn idea</ins>." in _html(japan, reverse("paragraph", args=[target.pk]))


def _decided_on_rec_6(russia_delegate, japan_delegate, secretariat_officer):
    """On Recommendation 6: a Russian amendment accepted, a Japanese one withdrawn, a Russian one pending."""
    target = paragraph("recommendations", "6")
    accepted = propose_change(russia_delegate, target, target.text + " Accepted addition.")
    actions.decisions.decide([accepted.pk], decision="accept", user=secretariat_officer)
    withdrawn = propose_change(japan_delegate, target, target.text + " Withdrawn addition.")
    actions.amendments.withdraw(withdrawn.pk, user=japan_delegate, expected_version=1)
    pending = propose_change(russia_delegate, target, target.text + " Pending addition.")
    return target, accepted, withdrawn, pending


def test_report_with_redlines_shows_decided_amendments_as_one_line_linking_to_the_paragraph(
    japan, japan_delegate, russia_delegate, secretariat_officer, wgec
):
    target, accepted, withdrawn, pending = _decided_on_rec_6(russia_delegate, japan_delegate, secretariat_officer)
    assert Amendment.objects.get(pk=accepted.pk).status == Amendment.Status.ACCEPTED
    assert Amendment.objects.get(pk=withdrawn.pk).status == Amendment.Status.WITHDRAWN
    html = _html(japan, reverse("report", args=[wgec.pk]) + "?redlines=on")
    assert f'id="a-{accepted.pk}"' not in html and "Accepted addition" not in html
    assert f'id="a-{withdrawn.pk}"' not in html and "Withdrawn addition" not in html
    link = f'<a href="{target.get_absolute_url()}#amendments-heading">see them on the paragraph page'
    assert f"2 decided amendments: 1 accepted, 1 withdrawn — {link}" in html
    assert f'id="a-{pending.pk}"' in html and "<ins> Pending addition.</ins>" in html


def test_report_shows_the_line_once_its_amendment_is_decided_although_blocks_are_cached(
    japan, russia_delegate, secretariat_officer, wgec
):
    target = paragraph("recommendations", "6")
    amendment = propose_change(russia_delegate, target, target.text + " Russian addition.")
    url = reverse("report", args=[wgec.pk]) + "?redlines=on"
    assert f'id="a-{amendment.pk}"' in _html(japan, url)  # its block now cached with the card
    actions.decisions.decide([amendment.pk], decision="reject", user=secretariat_officer)
    html = _html(japan, url)
    assert f'id="a-{amendment.pk}"' not in html
    assert "1 decided amendment: 1 rejected — <a" in html and "see it on the paragraph page" in html


def test_paragraph_page_still_shows_the_cards_of_decided_amendments(
    japan, japan_delegate, russia_delegate, secretariat_officer, wgec
):
    target, accepted, withdrawn, pending = _decided_on_rec_6(russia_delegate, japan_delegate, secretariat_officer)
    html = _html(japan, reverse("paragraph", args=[target.pk]))
    for amendment in (accepted, withdrawn, pending):
        assert f'id="a-{amendment.pk}"' in html
    assert "decided amendments:" not in html
