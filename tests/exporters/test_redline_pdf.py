"""The redline as a PDF: the draft with, under each paragraph, the circulated amendments' redlines
(inserted words underlined, deleted words struck through), each "Proposed by" its delegation, under
the masthead the other exports print; downloaded from the report page beside the Word redline."""

import pytest
from django.test import Client
from django.urls import reverse

from amendments.exporters import redline_pdf
from amendments.exporters.redline_pdf import spaced
from amendments.models import Report
from amendments.queries.editions import INTERNAL_MARK
from amendments.queries.redline_inputs import redline_document
from tests.helpers import other_working_group, paragraph, pdf_text, propose_change

pytestmark = pytest.mark.django_db

SYMBOL = "E/CN.16/2018/CRP.3"


@pytest.fixture
def small(wgec):
    """A report of one paragraph with its masthead, one submitted amendment and one draft."""
    other = other_working_group("The other group finds that the sky is blue.")
    report = other["report"]
    Report.objects.filter(pk=report.pk).update(symbol=SYMBOL, distribution="Limited", language="English")
    first = report.sections.get().paragraphs.get()
    propose_change(other["delegate"], first, "The other group finds that the sea is blue and deep.")
    propose_change(other["delegate"], first, "The other group finds that the zeppelin is red.", submit=False)
    return {**other, "report": Report.objects.get(pk=report.pk)}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pdf_shows_the_masthead_the_words_changed_and_who_proposed_them(small):
    text = pdf_text(redline_pdf.to_pdf(redline_document(small["report"]), title_note="Pending amendments"))
    assert SYMBOL in text and "Distr.: Limited" in text and "Original: English" in text
    assert "DRAFT REPORT OF THE OTHER WORKING GROUP" in text
    assert "Redline: Pending amendments" in text
    assert "The other group finds that the sky is blue." in text  # the draft's own text
    assert "Change · Proposed by Other delegation" in text
    # "sky" struck through, "sea" and "and deep" underlined.
    assert "The other group finds that the sky sea is blue and deep." in text


def test_inserted_words_are_underlined_and_deleted_words_struck_through(small):
    html = redline_pdf.to_html(redline_document(small["report"]))
    assert "the <del>sky</del> <ins>sea</ins> is blue<ins> and deep</ins>." in html


def test_a_deletion_and_the_insertion_that_touches_it_are_spaced_apart():
    assert spaced([("equal", "the "), ("delete", "sky"), ("insert", "sea"), ("equal", " is")]) == [
        ("equal", "the "), ("delete", "sky"), ("equal", " "), ("insert", "sea"), ("equal", " is"),
    ]  # fmt: skip
    assert spaced([("delete", "sky "), ("insert", "sea")]) == [("delete", "sky "), ("insert", "sea")]
    assert spaced([("insert", "sea"), ("delete", "sky")]) == [("insert", "sea"), ("delete", "sky")]


def test_only_circulated_amendments_are_in_it(small):
    text = pdf_text(redline_pdf.to_pdf(redline_document(small["report"])))
    assert "zeppelin" not in text
    assert text.count("Proposed by") == 1


def test_text_is_escaped_and_the_internal_edition_says_so(small):
    first = small["report"].sections.get().paragraphs.get()
    propose_change(small["delegate"], first, first.text + " <b>Bold</b> & more.")
    html = redline_pdf.to_html(redline_document(small["report"]), mark=INTERNAL_MARK)
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; more." in html
    assert "<b>Bold" not in html
    assert f'<p class="doc-head__mark">{INTERNAL_MARK}</p>' in html


def test_a_draft_with_no_amendment_says_so(wgec):
    other = other_working_group("Nothing to amend here.")
    html = redline_pdf.to_html(redline_document(other["report"]))
    assert redline_pdf.NO_PROPOSALS in html
    assert "Proposed by" not in html


def test_proposals_to_sub_items_and_footnotes_are_named_under_their_paragraph(wgec):
    # The WGEC data holds Nick Ashton-Hart's amendments, to sub-items of Recommendation 1 and to footnote 9.
    html = redline_pdf.to_html(redline_document(wgec))
    assert "Sub-item 3: Change <span>· Proposed by Nick Ashton-Hart" in html
    assert "Footnote 9: Change <span>· Proposed by Nick Ashton-Hart" in html


def test_the_report_page_links_the_pdf_beside_the_word_redline(russia_delegate, wgec):
    body = _client(russia_delegate).get(reverse("report", args=[wgec.pk])).content.decode()
    docx, pdf = reverse("export-redline", args=[wgec.pk]), reverse("export-redline", args=[wgec.pk, "pdf"])
    assert docx.endswith("/redline.docx") and pdf.endswith("/redline.pdf")
    assert f'href="{docx}?status=pending"' in body
    assert f'href="{pdf}?status=pending"' in body and f'href="{pdf}?status=accepted"' in body


def test_the_pdf_and_the_docx_download_from_their_urls(small):
    client, report = _client(small["delegate"]), small["report"]
    response = client.get(reverse("export-redline", args=[report.pk, "pdf"]) + "?status=pending")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-redline-pending.pdf"')
    assert "Proposed by Other delegation" in pdf_text(response.content)
    word = client.get(reverse("export-redline", args=[report.pk]))
    assert word.status_code == 200 and word["Content-Disposition"].endswith('.docx"')
    assert word.content.startswith(b"PK")
    assert client.get(reverse("export-redline", args=[report.pk, "txt"])).status_code == 404


def test_the_pdf_of_another_working_groups_report_is_not_found(small, russia_delegate):
    url = reverse("export-redline", args=[small["report"].pk, "pdf"])
    assert _client(russia_delegate).get(url).status_code == 404


def test_the_wgec_redline_pdf_holds_a_delegations_amendment(russia_delegate, japan_delegate, wgec):
    rec_4 = paragraph("recommendations", "4")
    propose_change(russia_delegate, rec_4, rec_4.text.replace("mutual consultation", "regular zeppelin talks"))
    response = _client(japan_delegate).get(reverse("export-redline", args=[wgec.pk, "pdf"]))
    text = pdf_text(response.content)
    assert "Proposed by Russian Federation" in text
    assert "mutual consultation regular zeppelin talks" in text
    assert "Proposed by Nick Ashton-Hart" in text
