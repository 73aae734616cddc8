"""Ashton-Hart's revisions (seed 003) are his amendments: each redline shows the changes the seed marks."""

from collections import Counter

import pytest
import regex

from amendments.models import Amendment, Comment, Paragraph
from tests.conftest import paragraph

pytestmark = pytest.mark.django_db


def _words(text):
    return regex.findall(r"\w+", text.lower())


def _changed_words(segments, op):
    return Counter(word for kind, text in segments if kind == op for word in _words(text))


# (target, words the seed marks as deleted, words it marks as inserted). Where the seed's marks are lost
# or run together, fixtures/wgec_chair_proposal.NOTES.md says how each was read.
SEED_MARKS = [
    (
        ("introduction", "15", None),
        "related to the as envisioned in the Tunis Agenda and",
        "particular of whether an is not only but",
    ),
    (("recommendations", "1", 2), "approach", "in nature"),
    (("recommendations", "2", None), "growing", "expanding"),
    (("recommendations", "3", None), "towards fora", "of forums"),
    (("recommendations", "7", None), "", "should and accelerate their efforts to international"),
    (
        ("recommendations", "9", None),
        "entertain proposals from all stakeholders related to",
        "encourage results that take into account",
    ),
    (
        ("recommendations", "10", None),
        "",
        "landlocked developing countries and small island developing states",
    ),
    (("recommendations", "11", None), "fora on the other hand", "forums"),
    (("recommendations", "12", None), "to", "in particular"),
    (
        ("recommendations", "14", None),
        "include",
        "take into account the need to promote investment including and marginal and underserved rural and urban areas",
    ),
    (("annex-3", None, None), "as per", "during"),
    (("footnote", 9, None), "", "indigenous communities"),
]


def _target(section, number, item):
    if section == "footnote":
        return paragraph(None, footnote=number)
    if section == "annex-3":
        return Paragraph.objects.filter(section__key="annex-3", parent=None).order_by("position").first()
    return paragraph(section, number, item=item)


@pytest.mark.parametrize(("target", "deleted", "inserted"), SEED_MARKS, ids=[str(t[0][:2]) for t in SEED_MARKS])
def test_redline_of_ashton_hart_amendment_shows_the_seed_marks(wgec, target, deleted, inserted):
    [amendment] = Amendment.objects.filter(participant__name="Nick Ashton-Hart", paragraph=_target(*target))
    assert amendment.status == Amendment.Status.SUBMITTED
    assert amendment.kind == Amendment.Kind.MODIFY
    assert _changed_words(amendment.segments, "delete") == Counter(_words(deleted))
    assert _changed_words(amendment.segments, "insert") == Counter(_words(inserted))


def test_ashton_hart_has_exactly_the_amendments_the_seed_marks(wgec):
    assert Amendment.objects.filter(participant__name="Nick Ashton-Hart").count() == len(SEED_MARKS)


@pytest.mark.parametrize(
    ("target", "text"),
    [
        (("introduction", "15", None), "Could suggest that a new institution was called for in Tunis."),
        (("recommendations", "17", None), "Where to elaborate on the sharing ideas?"),
        (("recommendations", "18", None), "Controversial."),
        (("annex-3", None, None), "This section should be substantially updated to reflect the entire range"),
    ],
)
def test_seed_comments_are_comments_on_their_paragraphs(wgec, target, text):
    comment = Comment.objects.get(paragraph=_target(*target), participant__name="Nick Ashton-Hart")
    assert comment.text.startswith(text)
