"""A delegate finds their delegation's work and what is new: "My delegation", the notifications
with their count in the header, e-mail settings, and "new since your last visit" on the report."""

import pytest
from django.urls import reverse
from django.utils import timezone

from amendments import actions
from amendments.models import Amendment, EmailOptOut, Notification, ReportVisit
from amendments.queries.news import PAUSE, report_news
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def amendment(russia_delegate, wgec):
    rec_6 = paragraph("recommendations", "6")
    return propose_change(russia_delegate, rec_6, rec_6.text.replace("timely", "prompt"), justification="Speed.")


@pytest.fixture
def russia(client, russia_delegate):
    client.force_login(russia_delegate)
    return client


def test_my_delegation_lists_drafts_amendments_comments_to_it_and_its_positions(
    russia, russia_delegate, japan_delegate, amendment, wgec
):
    rec_2 = paragraph("recommendations", "2")
    propose_change(russia_delegate, rec_2, rec_2.text + " Unsent.", submit=False)
    actions.comments.comment(user=japan_delegate, amendment=amendment, text="Too vague for us.")
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance="oppose")
    theirs = propose_change(japan_delegate, paragraph("recommendations", "3"), "Japan's words.")
    actions.positions.set_position(theirs.pk, user=russia_delegate, stance="support")

    html = russia.get(reverse("my-delegation")).content.decode()
    drafts, rest = html.split('id="submitted"')
    assert "Unsent." in drafts and "prompt" not in drafts
    submitted, rest = rest.split('id="addressed"')
    assert "prompt" in submitted and "Japan opposes" in submitted and "Submitted" in submitted
    addressed, positions = rest.split('id="positions"')
    assert "Too vague for us." in addressed
    assert "Supports" in positions and "Japan's amendment to Recommendation 3" in positions


def test_my_delegation_never_shows_another_delegations_draft_or_its_own_comments_as_addressed(
    russia, russia_delegate, japan_delegate, amendment
):
    propose_change(japan_delegate, paragraph("recommendations", "3"), "Japan's secret words.", submit=False)
    actions.comments.comment(user=russia_delegate, amendment=amendment, text="Our own reasons.")
    html = russia.get(reverse("my-delegation")).content.decode()
    assert "secret words" not in html
    assert "Our own reasons." not in html.split('id="addressed"')[1].split('id="positions"')[0]


def test_my_delegation_without_a_delegation_says_so(client, secretariat_officer, wgec):
    client.force_login(secretariat_officer)
    response = client.get(reverse("my-delegation"))
    assert response.status_code == 200
    assert "You do not speak for a delegation" in response.content.decode()


def test_header_counts_unread_notifications_and_the_list_marks_them_read(
    russia, russia_delegate, japan_delegate, amendment, wgec
):
    html = russia.get(reverse("report", args=[wgec.pk])).content.decode()
    assert "My delegation" in html and 'aria-label="1 unread"' not in html
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance="support")
    actions.comments.comment(user=japan_delegate, amendment=amendment, text="But…")
    assert 'aria-label="2 unread"' in russia.get(reverse("report", args=[wgec.pk])).content.decode()

    listing = russia.get(reverse("notifications")).content.decode()
    assert "Japan supports your amendment to Recommendation 6" in listing
    assert listing.count('class="notice notice--unread"') == 2
    assert not Notification.objects.filter(recipient=russia_delegate, read_at=None).exists()
    assert "unread" not in russia.get(reverse("my-delegation")).content.decode()
    assert 'class="notice notice--unread"' not in russia.get(reverse("notifications")).content.decode()


def test_nobody_sees_anothers_notifications(client, russia_delegate, japan_delegate, amendment):
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance="support")
    client.force_login(japan_delegate)
    assert "supports your amendment" not in client.get(reverse("notifications")).content.decode()
    assert Notification.objects.get().read_at is None


def test_email_settings_switch_kinds_off_and_on(russia, russia_delegate):
    url = reverse("notification-settings")
    assert russia.get(url).status_code == 200
    keep = [k for k in Notification.Kind.values if k not in (Notification.Kind.REVISION, Notification.Kind.DEADLINE)]
    response = russia.post(url, {"kinds": keep})
    assert response.status_code == 302
    assert set(EmailOptOut.objects.filter(user=russia_delegate).values_list("kind", flat=True)) == {
        Notification.Kind.REVISION,
        Notification.Kind.DEADLINE,
    }
    html = russia.get(url).content.decode()
    assert 'value="revision"' in html and 'value="revision" checked' not in html.replace('" id', '"')
    russia.post(url, {"kinds": Notification.Kind.values})
    assert not EmailOptOut.objects.exists()


def test_email_settings_refuse_an_unknown_kind_and_change_nothing(russia, russia_delegate):
    response = russia.post(reverse("notification-settings"), {"kinds": ["everything"]})
    assert response.status_code == 400
    assert "everything is not one of the available choices" in response.content.decode()
    assert not EmailOptOut.objects.exists()


def test_report_shows_what_is_new_since_the_last_visit(
    russia, russia_delegate, japan_delegate, secretariat_officer, amendment, wgec
):
    url = reverse("report", args=[wgec.pk])
    assert "New since your last visit" not in russia.get(url).content.decode()  # the first visit
    # As if the visit had come after a pause, just now: what follows is new.
    visit = ReportVisit.objects.get(user=russia_delegate, report=wgec)
    visit.since = visit.last_seen = timezone.now()
    visit.save()

    rec_3 = paragraph("recommendations", "3")
    theirs = propose_change(japan_delegate, rec_3, rec_3.text + " Japan adds.")
    actions.decisions.decide([amendment.pk], decision=Amendment.Decision.NOTE, user=secretariat_officer)
    actions.comments.comment(user=japan_delegate, paragraph=paragraph("recommendations", "2"), text="Hm.")
    rec_4 = paragraph("recommendations", "4")
    actions.draft.edit_paragraph(
        rec_4.pk, text=rec_4.text + " Edited.", expected_version=rec_4.version, user=secretariat_officer
    )
    html = russia.get(url).content.decode()
    news = html.split('class="news"')[1].split("</details>")[0]
    assert "1 paragraph changed · 1 amendment submitted · 1 decided · 1 comment" in news
    assert f'href="{rec_4.get_absolute_url()}">Recommendation 4' in news
    assert f'href="{theirs.get_absolute_url()}">Japan\'s amendment to Recommendation 3' in news
    assert "Noted:" in news
    # Reloading keeps what was new; the next visit after a pause starts afresh.
    assert "1 amendment submitted" in russia.get(url).content.decode()
    later = report_news(russia_delegate, wgec, now=timezone.now() + PAUSE * 2)
    assert later is not None and later.total == 0


def test_news_never_lists_another_delegations_draft(russia, russia_delegate, japan_delegate, wgec):
    url = reverse("report", args=[wgec.pk])
    russia.get(url)
    ReportVisit.objects.filter(user=russia_delegate).update(since=timezone.now())
    propose_change(japan_delegate, paragraph("recommendations", "3"), "Japan's draft.", submit=False)
    assert "): nothing</summary>" in russia.get(url).content.decode()
