"""Negotiating on screen: the projector view, the secretariat driving it, and proposals from the floor."""

import pytest
from django.urls import reverse

from amendments import actions
from amendments.models import Amendment, Paragraph, Participant, Screen

pytestmark = pytest.mark.django_db


def _rec(wgec, number):
    return Paragraph.objects.get(section__report=wgec, section__key="recommendations", number=number, parent=None)


def test_the_screen_shows_the_first_paragraph_until_the_secretariat_chooses_one(client, wgec, japan_delegate):
    client.force_login(japan_delegate)
    page = client.get(reverse("screen", args=[wgec.pk]))
    first = Paragraph.objects.filter(section__report=wgec, parent=None).order_by("section__position", "position")[0]
    assert page.status_code == 200
    assert first.label in page.content.decode()
    assert not Screen.objects.exists()


def test_the_secretariat_shows_a_paragraph_and_steps_to_the_next(client, wgec, secretariat_officer, japan_delegate):
    client.force_login(secretariat_officer)
    rec_3, rec_4 = _rec(wgec, "3"), _rec(wgec, "4")
    control = reverse("screen-control", args=[wgec.pk])
    assert client.post(control, {"action": "show", "paragraph": rec_3.pk}).status_code == 302
    assert Screen.objects.get(report=wgec).paragraph == rec_3
    client.post(control, {"action": "next"})
    screen = Screen.objects.get(report=wgec)
    assert (screen.paragraph, screen.updated_by) == (rec_4, secretariat_officer)
    client.post(control, {"action": "previous"})
    assert Screen.objects.get(report=wgec).paragraph == rec_3
    client.force_login(japan_delegate)
    followed = client.get(reverse("screen", args=[wgec.pk])).content.decode()
    assert "Recommendation 3" in followed and rec_3.text[:40] in followed


def test_a_proposal_from_the_floor_is_japans_submitted_amendment_shown_on_the_screen(
    client, wgec, secretariat_officer, japan_delegate
):
    rec_3 = _rec(wgec, "3")
    actions.screens.show(wgec.pk, user=secretariat_officer, paragraph_id=rec_3.pk)
    client.force_login(secretariat_officer)
    japan = Participant.objects.get(name="Japan")
    words = rec_3.text.replace("enhanced cooperation", "enhanced cooperation among all stakeholders", 1)
    response = client.post(
        reverse("screen-control", args=[wgec.pk]),
        {"action": "floor", "participant": japan.pk, "proposed_text": words, "version": rec_3.version},
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get(paragraph=rec_3, from_floor=True)
    assert (amendment.participant, amendment.author, amendment.status) == (
        japan, secretariat_officer, Amendment.Status.SUBMITTED,
    )  # fmt: skip
    assert amendment.submitted_at is not None and amendment.proposed_text == words
    assert amendment.history.get().history_change_reason == "Made from the floor"
    client.force_login(japan_delegate)
    shown = client.get(reverse("screen", args=[wgec.pk])).content.decode()
    assert "from the floor" in shown and "<ins" in shown and "among all stakeholders" in shown
    # Japan's delegation owns it: it can revise or withdraw it like any other.
    actions.amendments.withdraw(amendment.pk, user=japan_delegate, expected_version=amendment.version)
    assert Amendment.objects.get(pk=amendment.pk).status == Amendment.Status.WITHDRAWN


def test_a_floor_proposal_on_a_text_changed_meanwhile_keeps_the_words_typed(client, wgec, secretariat_officer):
    rec_3 = _rec(wgec, "3")
    actions.screens.show(wgec.pk, user=secretariat_officer, paragraph_id=rec_3.pk)
    seen = rec_3.version
    actions.draft.edit_paragraph(rec_3.pk, text=rec_3.text + " Edited.", expected_version=seen,
                                 user=secretariat_officer, reason="Typo")  # fmt: skip
    client.force_login(secretariat_officer)
    japan = Participant.objects.get(name="Japan")
    typed = "Words typed while someone else edited the paragraph."
    response = client.post(
        reverse("screen-control", args=[wgec.pk]),
        {"action": "floor", "participant": japan.pk, "proposed_text": typed, "version": seen},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert typed in html and "was changed by someone else" in html
    assert f'value="{seen + 1}"' in html
    assert not Amendment.objects.filter(from_floor=True).exists()


def test_only_the_secretariat_drives_the_screen_or_records_from_the_floor(client, wgec, japan_delegate):
    client.force_login(japan_delegate)
    control = reverse("screen-control", args=[wgec.pk])
    assert client.get(control).status_code == 403
    japan = Participant.objects.get(name="Japan")
    rec_3 = _rec(wgec, "3")
    posted = client.post(control, {"action": "floor", "participant": japan.pk, "proposed_text": "x", "version": 1})
    assert posted.status_code == 403
    assert not Screen.objects.exists() and not Amendment.objects.filter(from_floor=True).exists()
    with pytest.raises(actions.amendments.PermissionDenied):
        actions.amendments.propose(user=japan_delegate, paragraph_id=rec_3.pk, kind="modify",
                                   expected_paragraph_version=rec_3.version, proposed_text="x", from_floor=True)  # fmt: skip


def test_the_screen_shows_no_draft(client, wgec, russia_delegate, japan_delegate, secretariat_officer):
    rec_3 = _rec(wgec, "3")
    actions.screens.show(wgec.pk, user=secretariat_officer, paragraph_id=rec_3.pk)
    actions.amendments.propose(user=russia_delegate, paragraph_id=rec_3.pk, kind="modify",
                               expected_paragraph_version=rec_3.version, proposed_text="A private draft text.")  # fmt: skip
    for user in (russia_delegate, japan_delegate, secretariat_officer):
        client.force_login(user)
        assert "A private draft text." not in client.get(reverse("screen", args=[wgec.pk])).content.decode()
