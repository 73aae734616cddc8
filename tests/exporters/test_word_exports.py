"""Word files out: the redline with tracked changes by delegation, and the compilation of proposals."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from lxml import etree

from amendments.models import Participant
from tests.helpers import PASSWORD, paragraph, pdf_text, propose_change

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _authors(docx_bytes, tag):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return sorted({e.get(W + "author") for e in root.iter(W + tag)})


@pytest.fixture
def japan(client, japan_delegate):
    client.login(username=japan_delegate.username, password=PASSWORD)
    return client


def test_redline_download_has_tracked_changes_by_delegation_and_hides_drafts(japan, wgec, russia_delegate):
    rec_4, rec_5 = paragraph("recommendations", "4"), paragraph("recommendations", "5")
    propose_change(russia_delegate, rec_4, rec_4.text.replace("mutual consultation", "mutual consultation and trust"))
    propose_change(russia_delegate, rec_5, rec_5.text + " A secret draft.", submit=False)
    response = japan.get(reverse("export-redline", args=[wgec.pk]) + "?status=pending")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    assert _authors(response.content, "ins") == ["Nick Ashton-Hart", "Russian Federation"]
    assert b"A secret draft" not in response.content
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert b"trackRevisions" in archive.read("word/settings.xml")
        assert b"Could suggest that a new institution" in archive.read("word/comments.xml")


def test_redline_for_one_delegation(japan, wgec, russia_delegate):
    rec_4 = paragraph("recommendations", "4")
    propose_change(russia_delegate, rec_4, rec_4.text + " Russian.")
    russia = Participant.objects.get(name="Russian Federation")
    response = japan.get(reverse("export-redline", args=[wgec.pk]) + f"?participant={russia.pk}")
    assert _authors(response.content, "ins") == ["Russian Federation"]


def test_export_redline_command_and_its_refusals(wgec, tmp_path):
    target = tmp_path / "redline.docx"
    call_command("export_redline", "-o", str(target), "--participant", "Nick Ashton-Hart")
    assert _authors(target.read_bytes(), "del") == ["Nick Ashton-Hart"]
    for args, message in [
        (["--status", "later"], "use pending or accepted"),
        (["--participant", "Nobody"], "No participant named"),
    ]:
        with pytest.raises(CommandError, match=message) as raised:
            call_command("export_redline", "-o", str(target), *args)
        assert raised.value.returncode == 2


def test_compilation_download_matches_the_app(japan, wgec, russia_delegate, japan_delegate):
    from amendments import actions

    rec_10 = paragraph("recommendations", "10")
    amendment = propose_change(russia_delegate, rec_10, rec_10.text + " Multilingualism.")
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance="support")
    html = japan.get(reverse("export-compilation", args=[wgec.pk, "html"])).content.decode()
    assert "Recommendation 10" in html and "Russian Federation" in html and "Japan supports" in html
    assert html.count("Nick Ashton-Hart") >= 13
    docx = japan.get(reverse("export-compilation", args=[wgec.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = japan.get(reverse("export-compilation", args=[wgec.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Recommendation 10" in text and "Multilingualism." in text and "Japan supports" in text
