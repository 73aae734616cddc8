"""After a revision the pages tell the truth: a consolidated amendment is "Consolidated in Rev.1",
collapsed, with its redline against the text it amended; a superseded one says its change is in
the text; neither is pending, and the counts beside paragraphs count pending amendments only."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.core import textdiff
from amendments.core.rendering import inline_html
from amendments.models import Amendment, Revision
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

STALE = "Based on an earlier text"


def _ashton_hart(section, number):
    return Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=paragraph(section, number))


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _card(html, amendment):
    """The card of one amendment on a page."""
    start = html.rindex("<article", 0, html.index(f'id="a-{amendment.pk}"'))
    return html[start : html.index("</article>", start)]


@pytest.fixture
def round_(client, wgec, secretariat_officer, russia_delegate, japan_delegate):
    """The secretariat accepts Ashton-Hart's change to Recommendation 2, and his change to
    Recommendation 12 with modifications; Japan has proposed the same change to Recommendation 2
    (superseded by the revision), Russia another one (rebased, still pending). Rev.1 is issued
    through the preview and its confirmation."""
    rec_2 = paragraph("recommendations", "2")
    accepted, modified = _ashton_hart("recommendations", "2"), _ashton_hart("recommendations", "12")
    same = propose_change(japan_delegate, rec_2, accepted.proposed_text)
    pending = propose_change(
        russia_delegate, rec_2, rec_2.text.replace("evidence-based discussions", "evidence-based debates")
    )
    final = modified.proposed_text.replace("in particular help", "help in particular")
    client.force_login(secretariat_officer)
    client.post(reverse("amendment-decide", args=[accepted.pk]), {"decision": "accept", "version": 1})
    client.post(
        reverse("amendment-decide", args=[modified.pk]),
        {"decision": "accept-modified", "final_text": final, "version": 1},
    )
    data = {"name": "Rev.1", "date": "2018-01-15"}
    assert "Preview the revision" in _html(client, reverse("revisions", args=[wgec.pk]))
    preview = client.post(reverse("revisions", args=[wgec.pk]), data)
    assert preview.status_code == 200 and not Revision.objects.issued().exists()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', preview.content.decode()).group(1)
    assert client.post(reverse("revisions", args=[wgec.pk]), {**data, "fingerprint": fingerprint}).status_code == 302
    revision = Revision.objects.issued().get()
    for amendment in (accepted, modified, same, pending):
        amendment.refresh_from_db()
    assert (accepted.applied_in, modified.applied_in) == (revision, revision)
    assert (same.status, pending.status, pending.carried_over) == ("superseded", "submitted", "rebased")
    japan = Client()
    japan.force_login(japan_delegate)
    return {"accepted": accepted, "modified": modified, "same": same, "pending": pending, "japan": japan}


def test_the_report_counts_only_pending_amendments_beside_a_paragraph(round_, wgec):
    rec_2 = paragraph("recommendations", "2")
    html = _html(round_["japan"], reverse("report", args=[wgec.pk]))
    # Ashton-Hart's 13 less the 2 consolidated, and Russia's; Japan's own superseded one is not pending.
    assert "12 pending amendments to this draft · 15 in all." in html
    assert '1</span> pending<span class="visually-hidden">, Recommendation 2</span>' in html
    assert f'href="{rec_2.get_absolute_url()}#amendments-heading"> · all 3<' in html
    rec_12 = paragraph("recommendations", "12")
    assert '0</span> pending<span class="visually-hidden">, Recommendation 12</span>' in html
    assert f'href="{rec_12.get_absolute_url()}#amendments-heading"> · all 1<' in html


def test_the_report_with_redlines_shows_consolidated_amendments_collapsed(round_, wgec):
    html = _html(round_["japan"], reverse("report", args=[wgec.pk]) + "?redlines=on")
    rec_2 = paragraph("recommendations", "2")
    start = html.index(f'id="p-{rec_2.pk}"')
    block = html[start : html.index('<article class="para', start)]
    # The consolidated and the superseded amendment: one line, not their cards; the paragraph page has them.
    assert f'id="a-{round_["accepted"].pk}"' not in html and f'id="a-{round_["same"].pk}"' not in html
    assert "2 decided amendments: " in block and "1 consolidated" in block
    assert f'href="{rec_2.get_absolute_url()}#amendments-heading"' in block
    assert f'id="a-{round_["pending"].pk}"' in block and STALE not in block
    assert html.count('class="amendment amendment--submitted"') == 12  # the pending ones, as before


def test_the_paragraph_page_lists_pending_amendments_first_and_consolidated_ones_collapsed(round_):
    rec_2 = paragraph("recommendations", "2")
    html = _html(round_["japan"], rec_2.get_absolute_url())
    assert 'Amendments <span class="count">(1 pending, 3 in all)</span>' in html
    assert html.index(f'id="a-{round_["pending"].pk}"') < html.index(f'id="a-{round_["accepted"].pk}"')
    card = _card(html, round_["accepted"])
    assert "<summary>Consolidated in Rev.1" in card and "<details " in card and " open>" not in card
    assert "<del>growing</del><ins>expanding</ins>" in card and STALE not in html
    # "Compare all" puts side by side what is still proposed, not what is in the text.
    compare = _html(round_["japan"], reverse("paragraph-compare", args=[rec_2.pk]))
    assert f'id="col-{round_["pending"].pk}"' in compare and f'id="col-{round_["accepted"].pk}"' not in compare


def test_the_amendment_page_shows_the_redline_that_was_consolidated(round_):
    html = _html(round_["japan"], round_["accepted"].get_absolute_url())
    assert "consolidated in <a" in html and "Rev.1, 15 January 2018</a>" in html
    assert '<details class="amendment__settled" open><summary>Consolidated in Rev.1' in html
    assert "<del>growing</del><ins>expanding</ins>" in html and STALE not in html
    # Accepted with modifications: the text the secretariat adopted, against the text it amended.
    modified = round_["modified"]
    html = _html(round_["japan"], modified.get_absolute_url())
    adopted = inline_html(textdiff.diff(modified.base_text, modified.final_text))
    assert adopted in _card(html, modified)
    assert inline_html(modified.segments) not in _card(html, modified)
    assert STALE not in html


def test_the_superseded_amendment_says_its_change_is_in_the_revision(round_):
    html = _html(round_["japan"], round_["same"].get_absolute_url())
    assert "Superseded: its change is already in Rev.1, 15 January 2018." in html
    assert "Carried over onto a revised text" not in html and STALE not in html


def test_a_pending_amendment_carried_over_is_shown_on_the_new_text(round_):
    html = _html(round_["japan"], round_["pending"].get_absolute_url())
    card = _card(html, round_["pending"])
    assert "<details" not in card and STALE not in card
    assert "<del>discussions</del><ins>debates</ins>" in card


def test_a_report_seen_before_the_revision_is_not_shown_from_the_cache_after_it(
    client, wgec, secretariat_officer, russia_delegate
):
    two = paragraph("introduction", "2")
    insert = actions.amendments.propose(
        user=russia_delegate, paragraph_id=two.pk, kind="insert", provisional_number="2 bis",
        expected_paragraph_version=two.version, proposed_text="The Group recalled paragraph 69.", submit=True,
    )  # fmt: skip
    actions.decisions.decide([insert.pk], decision="accept", user=secretariat_officer)
    client.force_login(russia_delegate)
    url = reverse("report", args=[wgec.pk]) + "?redlines=on"
    before = _html(client, url)  # the blocks are now cached
    assert "1 decided amendment: 1 accepted" in before and "consolidated" not in before
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer)
    assert paragraph("introduction", "2").version == two.version  # the block's paragraph did not change
    after = _html(client, url)
    assert "1 decided amendment: 1 consolidated" in after and f'id="a-{insert.pk}"' not in after
