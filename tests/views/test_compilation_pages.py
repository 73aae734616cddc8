"""A compilation's report page: the Chair's framework, each member's submission under its heading
as printed, who submitted it and for whom, its status, and its items as a list that keeps all the
paragraph machinery."""

import html as html_lib
import re

import pytest
from django.urls import reverse

from amendments.actions.submissions import set_status
from amendments.models import Paragraph, Participant, Submission
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, japan_delegate):
    client.force_login(japan_delegate)
    return client


def _page(client, report) -> str:
    response = client.get(reverse("report", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_every_submission_of_the_rolling_document_is_shown_under_its_heading_in_order(reader, compilations):
    rolling = compilations["rolling"]
    html = _page(reader, rolling)
    rows = list(Submission.objects.filter(section__report=rolling).order_by("section__position", "position"))
    assert len(rows) == 20
    positions = [html.index(f'id="{row.anchor}-heading">{row.number}. {row.heading}') for row in rows]
    assert positions == sorted(positions)
    assert 'id="submission-' in html
    assert "1. Draft recommendations submitted by the Russian Federation (12 December 2013)</h3>" in html


def test_a_compilation_says_what_it_is_with_its_issuer_above_the_body(reader, compilations):
    html = _page(reader, compilations["rolling"])
    head = html[html.index('class="doc-head"') : html.index("</h1>")]
    assert "Compilation of proposals" in head
    assert head.index("UNITED NATIONS") < head.index("COMMISSION ON SCIENCE AND TECHNOLOGY FOR DEVELOPMENT")
    assert head.index("COMMISSION ON SCIENCE AND TECHNOLOGY FOR DEVELOPMENT") < head.index('class="doc-title"')


def test_a_group_submission_shows_its_submitter_and_every_member(reader, compilations):
    text = _text(_page(reader, compilations["rolling"]))
    assert (
        "Submitted by Avri Doria (Civil society) on 12 February 2014, on behalf of a group of WGEC Members and"
        " Observers: Avri Doria, Grace Githaiga, Joy Liddicoat, Lea Kaspar."
    ) in text


def test_a_submission_for_several_delegations_names_them(reader, compilations):
    linner = Participant.objects.get(name="Per Linner")
    text = _text(_page(reader, compilations["rolling"]))
    assert (
        f"Submitted by Per Linner ({linner.get_stakeholder_group_display()}) on 8 November 2013, on behalf of"
        " Brazil, Mexico, Sweden, and United Kingdom: Brazil, Mexico, Sweden, United Kingdom."
    ) in text


def test_the_heading_footnote_is_printed_under_the_heading(reader, compilations):
    doria = Submission.objects.exclude(heading_note="").get(section__report=compilations["rolling"])
    assert doria.participant.name == "Avri Doria"
    html = _page(reader, compilations["rolling"])
    assert f'<a href="#{doria.anchor}-note" id="{doria.anchor}-noteref" aria-label="Footnote 3">3</a>' in html
    assert f'id="{doria.anchor}-note"><sup>3</sup> This is based on the original set of bullets' in html


def test_items_keep_their_labels_bullets_and_indentation_and_link_to_their_paragraph_page(reader, compilations):
    japan = Submission.objects.filter(section__report=compilations["rolling"], participant__name="Japan").first()
    first = japan.items.filter(parent=None).order_by("position").first()
    html = _page(reader, compilations["rolling"])
    assert first.number == "(1)"
    assert f'id="p-{first.pk}">' in html
    block = html[html.index(f'id="p-{first.pk}">') :][:1500]
    assert '<span class="para__bullet" aria-hidden="true">•</span> (1)</div>' in block
    assert f'href="{first.get_absolute_url()}"' in block
    assert ", Japan, item 1</span>" in block
    nested = Paragraph.objects.filter(submission__section__report=compilations["rolling"], indent=2).first()
    assert f'para--indent-2 para--bulleted" id="p-{nested.pk}"' in html


def test_an_items_own_footnote_is_shown_with_it(reader, compilations):
    india = Submission.objects.get(section__report=compilations["rolling"], participant__name="India")
    title = india.items.filter(parent=None).order_by("position").first()
    note = title.children.get(kind=Paragraph.Kind.FOOTNOTE)
    html = _page(reader, compilations["rolling"])
    assert (
        f'<sup class="fn-mark"><a href="#fn-{note.pk}" id="fnref-{note.pk}" aria-label="Footnote 4">4</a></sup>' in html
    )
    assert f'id="fn-{note.pk}"' in html


def test_the_contributions_show_their_title_addressee_disclaimer_and_date(reader, compilations):
    text = _text(_page(reader, compilations["contributions"]))
    assert "To: CSTD Secretariat" in text
    assert "The views presented here are the contributors' and do not necessarily reflect the views" in text
    assert "Amendments/additional recommendations to document" in text
    assert "Submitted by Russian Federation (Member State) on 4 April 2017." in text
    assert "Submitted by Russian Federation (Member State), undated." in text
    assert "All submissions of Russian Federation" in text


def test_a_changed_status_shows_at_once_although_blocks_are_cached(reader, compilations, secretariat_officer):
    row = Submission.objects.filter(section__report=compilations["rolling"]).first()
    assert f'id="{row.anchor}"' in _page(reader, compilations["rolling"])
    set_status(row.pk, status=Submission.Status.TAKEN_UP, expected_status=row.status, user=secretariat_officer)
    html = _page(reader, compilations["rolling"])
    head = html[html.index(f'id="{row.anchor}-heading"') :][:1500]
    assert "Taken into the Chair&#x27;s text" in head


def test_the_compilation_page_query_count_does_not_grow_with_submissions(reader, compilations):
    report = compilations["contributions"]
    url = reverse("report", args=[report.pk])
    before = count_queries(reader, url)
    section = report.sections.first()
    members = list(Participant.objects.filter(name__in=["Japan", "India", "Brazil"]))
    for n in range(5):
        row = Submission.objects.create(
            section=section,
            key=f"extra-{n}",
            position=f"z{n}",
            participant=members[0],
            heading=f"Extra submission {n}",
            on_behalf_of="Several",
        )
        row.members.set(members)
        for i in range(3):
            Paragraph.objects.create(
                section=section, submission=row, position=f"z{n}{i}", number=f"({i + 1})", text=f"Item {n}.{i}"
            )
    after = count_queries(reader, url)
    assert "Extra submission 4" in _page(reader, report)
    # Beside the draft's: the submissions with their submitters, their members, and their positions.
    assert after == before <= 20


def test_a_delegate_supports_a_submission_from_the_report_page_and_sees_it_there(client, compilations, japan_delegate):
    from amendments.models import Position, Submission

    report = compilations["rolling"]
    russia = Submission.objects.get(
        section__report=report, section__key="group-a", participant__name="Russian Federation"
    )
    client.force_login(japan_delegate)
    page = client.get(report.get_absolute_url()).content.decode()
    assert f'action="/submissions/{russia.pk}/position/"' in page
    client.post(f"/submissions/{russia.pk}/position/", {"stance": "support"})
    assert Position.objects.get(submission=russia).participant.name == "Japan"
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Japan supports." in page
