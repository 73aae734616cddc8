"""Every change to the draft is kept, with who made it and why."""

import pytest
from django.urls import reverse

from amendments.actions.draft import StaleVersion, edit_paragraph, insert_paragraph_after
from amendments.models import Paragraph, Participant, Report, Section
from tests.helpers import PASSWORD, paragraph

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Report, Section, Paragraph, Participant])
def test_every_loaded_row_has_its_initial_history_record(wgec, model):
    rows = model.objects.count()
    assert rows > 0
    created = model.history.filter(history_type="+")
    assert created.count() == rows
    assert set(created.values_list("id", flat=True)) == set(model.objects.values_list("id", flat=True))
    if model is Participant:  # a working group's Chair row is made by its first Chair's proposal
        assert not created.filter(role=Participant.Role.CHAIR).exists()
    assert set(created.values_list("history_change_reason", flat=True)) == {"Loaded from the WGEC fixtures"}


def test_edit_in_the_browser_records_the_officer_as_author(client, secretariat_officer):
    target = paragraph("introduction", "15")
    client.login(username="officer", password=PASSWORD)
    response = client.post(
        reverse("paragraph-edit", args=[target.pk]),
        {"text": target.text + " Edited.", "number": "15", "version": target.version, "note": ""},
    )
    assert response.status_code == 302

    target.refresh_from_db()
    assert target.text.endswith(" Edited.")
    latest = target.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == secretariat_officer
    assert latest.text == target.text


def test_the_admin_shows_paragraphs_and_their_history_but_does_not_edit_them(client, secretariat_officer):
    target = paragraph("introduction", "15")
    client.login(username="officer", password=PASSWORD)
    page = client.get(reverse("admin:amendments_paragraph_change", args=[target.pk]))
    assert page.status_code == 200 and "Save" not in page.content.decode().split("submit-row")[-1][:300]
    assert client.get(reverse("admin:amendments_paragraph_history", args=[target.pk])).status_code == 200
    client.post(reverse("admin:amendments_paragraph_change", args=[target.pk]), {"text": "Through the admin."})
    assert Paragraph.objects.get(pk=target.pk).text == target.text


def test_edit_paragraph_records_user_reason_and_raises_the_version(secretariat_officer):
    target = paragraph("recommendations", "10")
    edit_paragraph(
        target.pk, text="New text.", expected_version=target.version, user=secretariat_officer, reason="Typo"
    )
    latest = Paragraph.objects.get(pk=target.pk).history.latest()
    assert (latest.text, latest.history_user, latest.history_change_reason, latest.version) == (
        "New text.",
        secretariat_officer,
        "Typo",
        target.version + 1,
    )


def test_edit_paragraph_refuses_a_stale_version_and_keeps_the_other_change(secretariat_officer):
    target = paragraph("recommendations", "10")
    edit_paragraph(target.pk, text="First save.", expected_version=target.version, user=secretariat_officer)
    with pytest.raises(StaleVersion):
        edit_paragraph(target.pk, text="Second save.", expected_version=target.version, user=secretariat_officer)
    assert Paragraph.objects.get(pk=target.pk).text == "First save."
    assert target.history.count() == 2


def test_inserting_2_bis_writes_one_row_and_sorts_between_2_and_3(secretariat_officer):
    before = {p.pk: (p.position, p.version) for p in Paragraph.objects.all()}
    two = paragraph("introduction", "2")
    inserted = insert_paragraph_after(two.pk, number="2 bis", text="A new paragraph.", user=secretariat_officer)

    after = {p.pk: (p.position, p.version) for p in Paragraph.objects.exclude(pk=inserted.pk)}
    assert after == before  # no neighbour rewritten
    numbers = list(
        Paragraph.objects.filter(section__key="introduction", parent=None)
        .order_by("position")
        .values_list("number", flat=True)
    )
    assert numbers[:4] == ["1", "2", "2 bis", "3"]
    assert inserted.history.get().history_user == secretariat_officer
