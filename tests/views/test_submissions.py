"""A delegation's submissions across the compilations, and two of them compared word by word."""

import re

import pytest
from django.urls import reverse

from amendments.models import Participant, Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, japan_delegate):
    client.force_login(japan_delegate)
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_submissions_page_lists_a_delegations_submissions_across_the_compilations(reader, compilations):
    russia = Participant.objects.get(name="Russian Federation")
    html = reader.get(reverse("participant-submissions", args=[russia.pk])).content.decode()
    rows = list(Submission.objects.filter(participant=russia))
    assert len(rows) == 7
    for row in rows:
        assert f'href="{row.section.report.get_absolute_url()}#{row.anchor}"' in html
    text = _text(html)
    assert "Proposals of Draft Recommendations · GROUP A: Implementation of the Tunis Agenda" in text
    assert "Contributions to the third meeting · 4 April 2017 · Submitted" in text
    assert "Contributions to the fourth meeting · undated · Submitted" in text
    assert text.index("12 December 2013") < text.index("4 April 2017")


def test_a_member_of_a_group_finds_the_groups_submissions_on_its_page(reader, compilations):
    kaspar = Participant.objects.get(name="Lea Kaspar")
    text = _text(reader.get(reverse("participant-submissions", args=[kaspar.pk])).content.decode())
    assert text.count("Submitted by Avri Doria on behalf of a group of WGEC Members and Observers") == 5


def test_the_attribution_line_links_to_all_submissions_of_the_submitter(reader, compilations):
    russia = Participant.objects.get(name="Russian Federation")
    html = reader.get(reverse("report", args=[compilations["contributions"].pk])).content.decode()
    url = reverse("participant-submissions", args=[russia.pk])
    assert f'<a class="para__link" href="{url}">All submissions of Russian Federation</a>' in html


def test_my_delegation_links_to_its_submissions(client, russia_delegate, compilations):
    client.force_login(russia_delegate)
    html = client.get(reverse("my-delegation")).content.decode()
    url = reverse("participant-submissions", args=[russia_delegate.participant_id])
    assert f'href="{url}">submissions to the compilations</a>' in html


def test_the_comparison_of_the_third_and_fourth_meeting_contributions_is_a_word_level_redline(reader, compilations):
    russia = Participant.objects.get(name="Russian Federation")
    third, fourth = Submission.objects.filter(section__report=compilations["contributions"]).order_by(
        "section__position"
    )
    response = reader.get(reverse("submissions-compare", args=[russia.pk]), {"a": third.pk, "b": fourth.pk})
    assert response.status_code == 200
    html = response.content.decode()
    redline = html[html.index('class="redline redline--submissions"') :]
    assert "<del" in redline
    assert "<ins" in redline
    assert f'href="{compilations["contributions"].get_absolute_url()}#{fourth.anchor}"' in html


def test_the_comparison_by_default_takes_the_last_two_of_one_report(reader, compilations):
    russia = Participant.objects.get(name="Russian Federation")
    third, fourth = Submission.objects.filter(section__report=compilations["contributions"]).order_by(
        "section__position"
    )
    html = reader.get(reverse("submissions-compare", args=[russia.pk])).content.decode()
    assert f'<option value="{third.pk}" selected>' in html
    assert f'<option value="{fourth.pk}" selected>' in html


def test_the_comparison_escapes_the_texts(reader, compilations, secretariat_officer):
    russia = Participant.objects.get(name="Russian Federation")
    third, fourth = Submission.objects.filter(section__report=compilations["contributions"]).order_by(
        "section__position"
    )
    item = fourth.items.filter(parent=None).first()
    item.text = "<script>alert(1)</script> & more"
    item.save()
    html = reader.get(reverse("submissions-compare", args=[russia.pk]), {"a": third.pk, "b": fourth.pk}).content
    assert b"<script>alert(1)</script>" not in html
    assert b"&lt;script&gt;" in html


def test_a_submission_of_another_delegation_cannot_be_compared(reader, compilations):
    russia = Participant.objects.get(name="Russian Federation")
    japan = Submission.objects.filter(participant__name="Japan").first()
    russian = Submission.objects.filter(participant=russia).first()
    response = reader.get(reverse("submissions-compare", args=[russia.pk]), {"a": russian.pk, "b": japan.pk})
    assert response.status_code == 400
