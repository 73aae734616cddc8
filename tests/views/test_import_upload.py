"""The upload form of imports: a revised text that hardly matches the draft, refused or imported anyway."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from amendments.models import Import, Participant

pytestmark = pytest.mark.django_db

OVERRIDE = "Import it even though it hardly matches the draft"

# The minutes of a sailing club: nothing of the report.
UNRELATED = (
    b"1.  The sailing club met on Tuesday and agreed to paint the boathouse before the regatta in June.\n\n"
    b"2.  The treasurer reported that the new sails were bought at half price from the harbour shop.\n"
)


def _upload(client, report, **extra):
    return client.post(
        reverse("import-upload", args=[report.pk]),
        {"kind": "revised-text", "file": SimpleUploadedFile("minutes.txt", UNRELATED), **extra},
    )


def test_the_secretariat_is_offered_the_override_and_a_delegation_is_not(
    client, wgec, secretariat_officer, russia_delegate
):
    client.force_login(secretariat_officer)
    assert OVERRIDE in client.get(reverse("import-upload", args=[wgec.pk])).content.decode()
    client.force_login(russia_delegate)
    assert OVERRIDE not in client.get(reverse("import-upload", args=[wgec.pk])).content.decode()


def test_an_unrelated_text_is_refused_saying_how_little_matched(client, wgec, secretariat_officer):
    client.force_login(secretariat_officer)
    russia = Participant.objects.get(name="Russian Federation")

    response = _upload(client, wgec, participant=russia.pk)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Only 0% of the file&#x27;s words are in paragraphs that match the draft" in html
    assert Import.objects.count() == 0


def test_the_secretariat_imports_an_unrelated_text_with_the_override(client, wgec, secretariat_officer):
    client.force_login(secretariat_officer)
    russia = Participant.objects.get(name="Russian Federation")

    response = _upload(client, wgec, participant=russia.pk, unrelated_ok="on")

    staged = Import.objects.get()
    assert response.status_code == 302 and response["Location"] == staged.get_absolute_url()
    assert (staged.participant, staged.status) == (russia, Import.Status.REVIEW)
    assert [e["kind"] for e in staged.plan["entries"]] == ["inserted", "inserted"]


def test_a_delegation_cannot_override_the_refusal(client, wgec, russia_delegate):
    client.force_login(russia_delegate)

    response = _upload(client, wgec, unrelated_ok="on")

    assert response.status_code == 400
    assert "Only 0% of the file&#x27;s words" in response.content.decode()
    assert Import.objects.count() == 0


def test_a_refused_upload_keeps_the_delegation_the_secretariat_chose(client, wgec, secretariat_officer):
    client.force_login(secretariat_officer)
    japan = Participant.objects.get(name="Japan")

    response = _upload(client, wgec, participant=japan.pk)

    assert response.status_code == 400
    assert f'<option value="{japan.pk}" selected>Japan</option>' in response.content.decode()
    assert not Import.objects.exists()


def _upload_file(client, report, name, data):
    return client.post(
        reverse("import-upload", args=[report.pk]), {"kind": "revised-text", "file": SimpleUploadedFile(name, data)}
    )


def test_the_apps_own_clean_docx_sent_back_says_nothing_differs_and_offers_nothing_to_create(
    client, wgec, russia_delegate
):
    client.force_login(russia_delegate)
    clean = client.get(reverse("export-current", args=[wgec.pk, "docx"])).content
    review = client.get(_upload_file(client, wgec, "clean.docx", clean)["Location"]).content.decode()

    assert "none differs from it: there is no amendment to make" in review
    assert "Create the draft amendments" not in review and ">Close</button>" in review
    staged = Import.objects.get()
    assert client.post(staged.get_absolute_url(), {"action": "cancel"}).status_code == 302
    assert Import.objects.get().status == Import.Status.CANCELLED


def test_a_revised_text_says_how_many_paragraphs_changed(client, wgec, russia_delegate):
    client.force_login(russia_delegate)
    text = client.get(reverse("export-current", args=[wgec.pk, "txt"])).content.decode()
    assert "language barriers" in text
    revised = text.replace("language barriers", "language barriers and multilingualism", 1).encode()
    review = client.get(_upload_file(client, wgec, "revised.txt", revised)["Location"]).content.decode()

    assert "1 changed; each becomes a draft amendment of Russian Federation" in review
    assert "Create the draft amendments" in review and "multilingualism" in review
