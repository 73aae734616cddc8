"""Bulk writes that keep the history complete.

simple_history's bulk_update_with_history builds a CASE expression per row, which is slow when
thousands of rows get the same values (every amendment consolidated in a revision gets the same
`applied_in`). This does the same job for that case: one UPDATE per batch, and one history
record per row through simple_history's own bulk_history_create.
"""

from django.db import transaction

BATCH = 500


def update_same_with_history(model, objs, values, *, user, reason, date):
    """Give every object in objs the same field values, in the database and in the history."""
    for obj in objs:
        for field, value in values.items():
            setattr(obj, field, value)
    with transaction.atomic(savepoint=False):
        ids = [obj.pk for obj in objs]
        for start in range(0, len(ids), BATCH):
            # Not a bare queryset.update(): the history records are written just below.
            model._default_manager.filter(pk__in=ids[start : start + BATCH]).update(**values)
        model.history.bulk_history_create(
            objs, batch_size=BATCH, update=True, default_user=user, default_change_reason=reason, default_date=date
        )
