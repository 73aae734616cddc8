"""The secretariat starts a compilation from the rolling document: upload, review, confirm, read it."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from amendments.models import Report, Submission

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seeds" / "seed_004_rolling_document.txt"


def test_the_rolling_document_uploaded_is_reviewed_then_created_as_a_compilation(client, wgec, secretariat_officer):
    client.force_login(secretariat_officer)
    upload = client.post(reverse("report-new"), {"file": SimpleUploadedFile("rolling.txt", SEED.read_bytes())})
    assert upload.status_code == 302
    review = client.get(upload["Location"])
    html = review.content.decode()
    assert "9 sections, 20 submissions of members, 171 paragraphs, 0 sub-items and 4 footnotes were read" in html
    assert "1. Draft recommendations submitted by the Russian Federation (12 December 2013)" in html
    assert "From Per Linner, for Brazil, Mexico, Sweden, United Kingdom · 2013-11-08" in html
    assert not Report.objects.filter(kind=Report.Kind.COMPILATION).exists()  # nothing before the confirmation

    fields = {"title": "Proposals of Draft Recommendations", "subtitle": "Rolling Document",
              "body": "Working Group on Enhanced Cooperation", "action": "confirm"}  # fmt: skip
    created = client.post(upload["Location"], fields)
    report = Report.objects.get(kind=Report.Kind.COMPILATION)
    assert created["Location"] == report.get_absolute_url()
    assert Submission.objects.filter(section__report=report).count() == 20
    assert report.history.get().history_change_reason == "Started from rolling.txt"

    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Proposals of Draft Recommendations" in text
    assert "With regard to the implementation of the Tunis Agenda, all stakeholders are to continue" in text


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_a_rolling_document_pdf_made_by_libreoffice_is_refused_with_a_message_and_nothing_is_created(
    client, wgec, secretariat_officer, tmp_path
):
    from amendments.exporters import proposals_docx
    from amendments.importers.compilation import read_rolling_text

    source = tmp_path / "rolling.docx"
    source.write_bytes(proposals_docx.to_docx(read_rolling_text(SEED.read_text(encoding="utf-8"))))
    subprocess.run(
        [shutil.which("soffice"), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    client.force_login(secretariat_officer)
    pdf = (tmp_path / "rolling.pdf").read_bytes()
    response = client.post(reverse("report-new"), {"file": SimpleUploadedFile("rolling.pdf", pdf)})
    assert response.status_code == 400
    assert "looks like a rolling document of proposals" in response.content.decode()
    assert not Report.objects.filter(kind=Report.Kind.COMPILATION).exists()
