"""Property: any proposal stored as an amendment comes back exactly, on SQLite and on PostgreSQL."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amendments import actions
from amendments.core import textdiff
from amendments.core.texts import TextError
from amendments.models import Amendment
from tests.helpers import paragraph

pytestmark = pytest.mark.django_db

WORDS = st.sampled_from(
    ["enhanced", "cooperation", "Internet-related", "сотрудничество", "تعاون", "مُحَمَّد", "合作", "協力です",
     "👨‍👩‍👧", "🇧🇷", "Tunis", "Agenda.", "&", "<b>", "\t", "\n", "  "]
)  # fmt: skip
TEXTS = st.lists(WORDS, max_size=60).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(proposal=TEXTS)
def test_stored_amendment_round_trips(russia_delegate, proposal):
    target = paragraph("recommendations", "16")
    try:
        amendment = actions.amendments.propose(
            user=russia_delegate,
            paragraph_id=target.pk,
            kind="modify",
            expected_paragraph_version=target.version,
            proposed_text=proposal,
        )
    except (TextError, actions.amendments.AmendmentError):
        return  # empty or unchanged: refused with a message, nothing stored
    stored = Amendment.objects.get(pk=amendment.pk)
    assert stored.proposed_text == amendment.proposed_text
    assert textdiff.apply_patch(stored.base_text, stored.patch) == stored.proposed_text
    assert textdiff.text_of(stored.segments, "base") == textdiff.normalise(target.text)
    assert textdiff.text_of(stored.segments, "proposal") == stored.proposed_text
