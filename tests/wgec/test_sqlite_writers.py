"""The default SQLite database takes several writers at once: they queue, none is told "database is locked".

The writers run in a `manage.py shell` of their own on a SQLite file, configured as `make run` configures
it (the suite's own test database may be in memory or PostgreSQL): four delegations at the same time,
each proposing amendments through the propose form (sessions, history and all) and commenting on them
through the write functions, then five copies of one amendment form, and of one comment form, sent at
the same instant: each makes one row.
"""

import json

from tests.helpers import manage

WRITERS_SCRIPT = """
import json
import threading
import uuid

from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse

from amendments import actions
from amendments.models import Amendment, Comment, Paragraph, Participant, User

setup_test_environment()  # the test client's host name, mail kept in memory
WRITERS, ROUNDS = 4, 8
members = Participant.objects.filter(role=Participant.Role.MEMBER).order_by("pk")[:WRITERS]
users = [User.objects.create_user(f"writer-{p.pk}", participant=p) for p in members]
target = Paragraph.objects.filter(parent=None).exclude(number="").order_by("pk").first()
errors, answers = [], []


def run_together(work, arguments):
    start = threading.Barrier(len(arguments))

    def thread_main(argument):
        try:
            start.wait()
            work(argument)
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=thread_main, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def form(user, token):
    return {
        "proposed_text": f"{target.text} ({user.username})",
        "expected_paragraph_version": target.version,
        "form_token": token,
        "action": "submit",
    }


def propose_and_comment(user):
    client = Client()
    client.force_login(user)
    for round_ in range(ROUNDS):
        response = client.post(reverse("propose-change", args=[target.pk]), form(user, str(uuid.uuid4())))
        answers.append(response.status_code)
        amendment = Amendment.objects.filter(author=user).latest("pk")
        actions.comments.comment(user=user, text=f"Round {round_}.", amendment=amendment)


run_together(propose_and_comment, users)
token = str(uuid.uuid4())


def send_the_same_form(client):
    answers.append(client.post(reverse("propose-change", args=[target.pk]), form(users[0], token)).status_code)


comment_token = str(uuid.uuid4())


def send_the_same_comment(client):
    url = reverse("comment-paragraph", args=[target.pk])
    answers.append(client.post(url, {"text": "Sent twice.", "form_token": comment_token}).status_code)


clients = [Client() for _ in range(5)]
for client in clients:
    client.force_login(users[0])
run_together(send_the_same_form, clients)
run_together(send_the_same_comment, clients)
print(json.dumps({
    "errors": errors,
    "answers": sorted(set(answers)),
    "amendments": Amendment.objects.filter(author__in=users).count(),
    "comments": Comment.objects.filter(author__in=users).count(),
    "resent": [
        Amendment.objects.filter(form_token=token).count(),
        Comment.objects.filter(form_token=comment_token).count(),
    ],
}))
"""


def test_four_delegations_writing_at_once_on_sqlite_all_succeed(wgec_sqlite):
    result = manage(wgec_sqlite, "shell", "--no-imports", input_script=WRITERS_SCRIPT)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"errors": [], "answers": [302], "amendments": 4 * 8 + 1, "comments": 4 * 8 + 1, "resent": [1, 1]}
