"""Pages are sent gzip-compressed to a browser that accepts it, and read back as the same page.

A report page with its redlines repeats each paragraph once per amendment: a long report weighs
megabytes, on a network a whole conference room shares. Downloads that are compressed files already
(.docx, .odt, .xlsx) are sent as they are.
"""

import gzip
import re

import pytest
from django.urls import reverse

from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}
WORD = "Quinquennially"


def _without_request_tokens(page: str) -> str:
    """The page without what each request draws anew: CSRF tokens and the nonce of its scripts."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", page)
    return re.sub(r'nonce="[^"]+"', "nonce", page)


def test_report_page_with_its_redlines_is_sent_compressed_and_reads_back_as_the_same_page(
    client, russia_delegate, japan_delegate
):
    rec_10 = paragraph("recommendations", "10")
    propose_change(japan_delegate, rec_10, f"{rec_10.text} {WORD} reviewed.")
    client.force_login(russia_delegate)
    url = reverse("report", args=[rec_10.section.report_id]) + "?redlines=on"
    plain = client.get(url)
    sent = client.get(url, **BROWSER)
    assert plain.status_code == sent.status_code == 200
    assert "Content-Encoding" not in plain
    assert sent["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in sent["Vary"]
    assert int(sent["Content-Length"]) == len(sent.content) < len(plain.content) / 3
    page = gzip.decompress(sent.content).decode()
    assert _without_request_tokens(page) == _without_request_tokens(plain.content.decode())
    assert f"<ins> {WORD} reviewed.</ins>" in page  # the redline of Japan's amendment


def test_a_client_that_does_not_accept_gzip_gets_the_page_as_it_is(client, russia_delegate):
    client.force_login(russia_delegate)
    rec_10 = paragraph("recommendations", "10")
    response = client.get(reverse("paragraph", args=[rec_10.pk]), HTTP_ACCEPT_ENCODING="identity")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert response.content.startswith(b"<!DOCTYPE html>")


def test_a_word_download_is_sent_as_the_file_it_is_not_compressed_again(client, russia_delegate, wgec):
    client.force_login(russia_delegate)
    url = reverse("export-current", args=[wgec.pk, "docx"])
    plain, sent = client.get(url), client.get(url, **BROWSER)
    assert sent.status_code == 200
    assert "Content-Encoding" not in sent
    assert sent.content[:2] == b"PK"  # the .docx itself, a zip file
    assert len(sent.content) == len(plain.content)


def test_a_text_download_is_sent_compressed(client, russia_delegate, wgec):
    client.force_login(russia_delegate)
    url = reverse("export-current", args=[wgec.pk, "txt"])
    plain, sent = client.get(url), client.get(url, **BROWSER)
    assert sent["Content-Encoding"] == "gzip"
    assert gzip.decompress(sent.content) == plain.content
