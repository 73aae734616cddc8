"""An uploaded text holding a character that cannot be saved is refused at the upload, with the
character and its line, before anything is staged; a PDF's form feeds are text it removes itself."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from amendments.importers import uploads
from amendments.models import Import, Paragraph
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def russia(client, russia_delegate):
    client.login(username=russia_delegate.username, password=PASSWORD)
    return client


def _recommendations(extra: str = "") -> str:
    rows = Paragraph.objects.filter(section__key="recommendations", parent=None).order_by("position")
    return "\n\n".join(f"{row.number}. {row.text}" for row in rows) + extra


@pytest.mark.parametrize(("char", "name"), [("\x07", "U+0007"), ("\ufffe", "U+FFFE"), ("\U0010ffff", "U+10FFFF")])
def test_an_uploaded_text_with_a_character_that_cannot_be_saved_is_refused_and_stages_nothing(russia, wgec, char, name):
    text = _recommendations() + f"\n\nA last line wi{char}th it."
    line = text.count("\n") + 1
    response = russia.post(
        reverse("import-upload", args=[wgec.pk]),
        {"kind": "revised-text", "file": SimpleUploadedFile("revised.txt", text.encode("utf-8"))},
    )
    assert response.status_code == 400
    message = f"The file contains a character that cannot be saved ({name}) at line {line}, position 15"
    assert message in response.content.decode()
    assert not Import.objects.exists()


def test_the_form_feeds_of_a_pdf_conversion_are_read_as_page_breaks():
    assert uploads.read_text(b"\xef\xbb\xbfPage one.\fPage two.\r\n") == "Page one.\fPage two.\r\n"
