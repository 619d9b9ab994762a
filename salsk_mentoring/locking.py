"""One way to lock a row for the rest of a transaction: :func:`lock_row`.

Whoever decides from a row's state and then writes it (a workflow step, an edit saved against the record's
version, a decision on a request) locks the row first, by primary key, and reads it after the lock: of two
people acting at once the second waits, then sees what the first committed.

The lock query is the same on every database and is kept bare on purpose — PostgreSQL refuses ``FOR UPDATE``
beside a ``GROUP BY`` (a scoped queryset's annotations) and on the nullable side of an outer join (a
``Meta.ordering`` or a ``select_related`` through a nullable foreign key): the base manager (no scope, no
annotations), the primary key alone, no ordering, and ``FOR UPDATE OF`` the model's own table (a related row is
never locked). SQLite has no row locks (the whole database is written by one transaction at a time): there the
query is a plain read, and a workflow's conditional UPDATE still lets only one of two people win.
"""

from django.db import router, transaction


def lock_query(model, pk, *fields):
    """The locking query of :func:`lock_row` (not yet run)."""
    return (
        model._base_manager.select_for_update(of=("self",))
        .filter(pk=pk)
        .order_by()
        .values_list(*(fields or ("pk",)))
    )


def lock_row(model, pk, *fields) -> tuple | None:
    """Lock the row ``pk`` of ``model`` until the transaction ends; its ``fields`` (a tuple, the key when none
    are named) as committed now, or None when there is no such row. Only inside ``transaction.atomic()``."""
    if not transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        raise RuntimeError("lock_row() holds its lock until the transaction ends: call it inside transaction.atomic()")
    return next(iter(lock_query(model, pk, *fields)), None)
