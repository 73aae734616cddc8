"""The report page reads like the UN document; the paragraph page shows the text and its history."""

import pytest
from django.urls import reverse

from amendments.actions.draft import edit_paragraph, insert_paragraph_after
from amendments.importers import plans
from tests.helpers import count_queries, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, japan_delegate):
    client.force_login(japan_delegate)
    return client


def test_report_page_shows_every_section_and_paragraph_in_order(reader, wgec):
    html = reader.get(reverse("report", args=[wgec.pk])).content.decode()
    positions = [
        html.index("Executive Summary</h2>"),
        html.index("Introduction</h2>"),
        html.index("The Outcome document of the High-Level Meeting"),
        html.index("It should be further noted that"),
        html.index("Recommendations</h2>"),
        html.index("Creation of a permanent and open multistakeholder working group"),
        html.index("Annex III – Institutional Framework</h2>"),
        html.index("Recommendations should extend and improve existing processes"),
    ]
    assert positions == sorted(positions)


def test_report_page_prints_numbers_marks_and_footnotes(reader, wgec):
    html = reader.get(reverse("report", args=[wgec.pk])).content.decode()
    rec_8 = paragraph("recommendations", "8")
    note = paragraph(None, footnote=9)
    assert f'<article class="para" id="p-{rec_8.pk}">' in html
    assert '<div class="para__number" aria-hidden="false">8.</div>' in html
    assert f'marginalized groups<sup class="fn-mark"><a href="#fn-{note.pk}"' in html
    assert f'id="fn-{note.pk}"' in html
    assert html.count('class="badge badge--open"') >= 19 + 15


def test_markdown_download_is_linked_and_reads_back_as_the_draft_with_no_change(reader, wgec):
    url = reverse("export-current", args=[wgec.pk, "md"])
    assert f'href="{url}">.md</a>' in reader.get(reverse("report", args=[wgec.pk])).content.decode()

    response = reader.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="wgec-draft-')
    assert response["Content-Disposition"].endswith('.md"')
    assert "\n## Recommendations\n" in response.content.decode("utf-8")
    plan = plans.revised_text_plan(wgec, response.content, "wgec-draft.md")
    assert [entry for entry in plan["entries"] if entry["kind"] != "unchanged"] == []
    assert len([e for e in plan["entries"] if e["kind"] == "unchanged"]) > 50


def test_report_page_query_count_does_not_grow_with_paragraphs(reader, wgec, secretariat_officer):
    url = reverse("report", args=[wgec.pk])
    before = count_queries(reader, url)
    two = paragraph("introduction", "2")
    for n in range(20):
        insert_paragraph_after(two.pk, number=f"2.{n}", text=f"Inserted {n}.", user=secretariat_officer)
    # The text in force (its label and date in the header) is one; the working group's check another;
    # the count of comments beside every paragraph a third; the visit recorded (read and written)
    # two more, and the header's unread notifications one.
    assert count_queries(reader, url) == before <= 17


def test_report_page_shows_an_edit_at_once_although_blocks_are_cached(reader, wgec, secretariat_officer):
    url = reverse("report", args=[wgec.pk])
    reader.get(url)
    target = paragraph("recommendations", "5")
    edit_paragraph(target.pk, text="Rewritten fifth.", expected_version=target.version, user=secretariat_officer)
    assert "Rewritten fifth." in reader.get(url).content.decode()


def test_text_is_shown_as_text_never_as_markup(reader, wgec, secretariat_officer):
    target = paragraph("recommendations", "5")
    edit_paragraph(
        target.pk,
        text='<script>alert("x")</script> & <b>bold</b>',
        expected_version=target.version,
        user=secretariat_officer,
    )
    for url in (reverse("report", args=[wgec.pk]), reverse("paragraph", args=[target.pk])):
        html = reader.get(url).content.decode()
        assert "<script>alert" not in html and "<b>bold" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_paragraph_page_shows_its_history_with_authors(reader, secretariat_officer):
    target = paragraph("introduction", "15")
    edit_paragraph(
        target.pk,
        text="Rewritten.",
        expected_version=target.version,
        user=secretariat_officer,
        reason="Chair's redraft",
    )
    html = reader.get(reverse("paragraph", args=[target.pk])).content.decode()
    assert "Introduction 15" in html
    assert "Sofia Officer" in html and "Chair&#x27;s redraft" in html
    assert "Loaded from the WGEC fixtures" in html
    assert html.index("Rewritten.") < html.index("It should be further noted")  # newest first


def test_unknown_paragraph_is_a_404(reader, wgec):
    assert reader.get(reverse("paragraph", args=[999999])).status_code == 404
