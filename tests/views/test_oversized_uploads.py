"""An upload over the limit gets the "file is too large" page (413) whatever its size, and creates nothing.

Just over the limit the upload handler stops keeping the file while it is parsed; far over it the body
is refused by its declared length before it is parsed at all, which also hides the form's CSRF token:
both end on the same page. The servers the app runs on (runserver for `make run`, gunicorn in
production) are checked too: a refusal must arrive as the page, never as a broken connection.
"""

import http.client
import re
import subprocess
import sys
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from amendments.importers import uploads
from amendments.models import Import
from tests.helpers import PASSWORD, ROOT, free_port, manage, server_env, wait_until_listening

LIMIT = uploads.MAX_UPLOAD_BYTES
MB = 1024 * 1024
# Just over the limit (parsed, then stopped), past the room left for the other fields (refused
# unparsed), 11 MB and 50 MB.
SIZES = [LIMIT + 1, LIMIT + 300 * 1024, 11 * MB, 50 * MB]
PAGE = "The file is too large"


def _assert_too_large_page(status, html):
    assert status == 413
    assert PAGE in html
    assert "; the limit is 10 MB. Nothing was imported." in html


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("csrf_checked", [False, True], ids=["client", "csrf-checked"])
def test_an_upload_over_the_limit_gets_the_too_large_page_and_creates_nothing(
    russia_delegate, wgec, size, csrf_checked
):
    client = Client(enforce_csrf_checks=csrf_checked)
    client.force_login(russia_delegate)
    url = reverse("import-upload", args=[wgec.pk])
    client.get(url)  # the CSRF cookie
    data = {
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        "kind": "revised-text",
        "file": SimpleUploadedFile("big.txt", b"x" * size),
    }
    response = client.post(url, data)
    _assert_too_large_page(response.status_code, response.content.decode())
    assert not Import.objects.exists()


# A member who may upload, created in the server's database before it starts; prints the report's id.
_MEMBER_SCRIPT = f"""
from amendments.models import Participant, Report, User
User.objects.create_user("uploader", password="{PASSWORD}", participant=Participant.objects.get(name="Japan"))
print(Report.objects.current().pk)
"""


class _Browser:
    """Just enough of a browser over http.client: cookies, the CSRF token, one connection a request."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def send(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        referer = f"http://127.0.0.1:{self.port}/"
        try:
            connection.request(
                method, path, body=body, headers={"Cookie": cookie, "Referer": referer, **(headers or {})}
            )
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
            return response.status, response.read().decode()
        finally:
            connection.close()

    @staticmethod
    def token(html):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def log_in(self, username):
        _, page = self.send("GET", "/accounts/login/")
        form = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.token(page)})
        status, _ = self.send("POST", "/accounts/login/", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, "the test user could not log in"

    def upload(self, path, size, content=b""):
        _, page = self.send("GET", path)
        boundary = uuid.uuid4().hex
        head = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in [("csrfmiddlewaretoken", self.token(page)), ("kind", "revised-text")]
        )
        head += f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
        head += "Content-Type: text/plain\r\n\r\n"
        body = head.encode() + (content or b"x" * size) + f"\r\n--{boundary}--\r\n".encode()
        return self.send("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def _command(server, port):
    if server == "runserver":
        return [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    return [str(Path(sys.executable).parent / "gunicorn"), "wgec.asgi:application", "--config", "wgec/gunicorn.conf.py"]


@pytest.fixture(params=["runserver", "gunicorn"])
def server(request, wgec_sqlite):
    made = manage(wgec_sqlite, "shell", "--no-imports", input_script=_MEMBER_SCRIPT)
    assert made.returncode == 0, made.stderr
    report_id = int(made.stdout.split()[-1])
    port = free_port()
    env = server_env(port, f"sqlite:///{wgec_sqlite}", SECRET_KEY="upload-test-key")
    process = subprocess.Popen(
        _command(request.param, port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_until_listening(process, port, request.param, lambda: process.stderr.read().decode())
        yield _Browser(port), f"/reports/{report_id}/import/"
    finally:
        process.terminate()
        process.wait(timeout=20)


# The draft's first paragraph, one word changed: a file within the limit that the import takes.
WITHIN_LIMIT = (
    b"This report is submitted to the twenty-first session of the Commission on Science and Technology"
    b" for Development as per the UNGA request as contained in paragraph 65 of resolution A/RES/70/125."
    b" It includes recommendations on how to further implement enhanced cooperation as envisioned in the"
    b" Tunis Agenda, taking into consideration the work that has been done on this matter so far."
    b" The recommendations, adopted by consensus of the Working Group on Enhanced Cooperation members, are"
    b" directed to governments as well as institutions and processes dealing with Internet-related"
    b" international public policy issues pertaining to the Internet. They intend to lead to incremental"
    b" improvements in efforts being made in the context of the process towards enhanced cooperation as"
    b" per the Tunis Agenda."
)


def test_the_servers_answer_an_oversized_upload_with_the_too_large_page(server):
    browser, path = server
    browser.log_in("uploader")
    for size in SIZES:
        status, html = browser.upload(path, size)
        assert status == 413, f"{size} bytes: {status} {html[:200]}"
        _assert_too_large_page(status, html)
    # The server is still there, and a file within the limit is taken.
    status, html = browser.upload(path, 0, WITHIN_LIMIT)
    assert status == 302, html[html.find('class="error"') :][:300]
