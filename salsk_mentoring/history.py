"""Bulk writes with their history records, the records copied by the database from the rows just written.

django-simple-history's ``bulk_create_with_history`` builds one historical model instance per row in Python and
inserts those: a quarter of a whole import's time. The records it writes are plain copies of the rows' tracked
columns plus who, when, why and «+»/«~». The database makes the same copy with ``INSERT … SELECT`` from the rows
themselves, batch by batch, several times faster (the figures: docs/performance.md)::

    created = bulk_create_with_history(instances, Teacher, user=request.user, reason="Импорт из XLSX")
    bulk_update_with_history(changed, Teacher, ["email"], user=request.user, reason="Импорт из XLSX")

The records are the library's own historical rows, so the object's «История» page, the admin's history and
``instance.history`` show them as any other. What differs: every record of one call has the same
``history_date`` (the moment of the import), and the library's ``pre_create_historical_record`` /
``post_create_historical_record`` signals are not sent (the portal does not use them).
``tests/core/test_history_copy.py`` checks that the records equal the library's, column for column.
"""

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

#: Rows per ``INSERT … SELECT … WHERE id IN (…)``: well under SQLite's 999 parameters.
BATCH = 500
#: The library's own columns of a record, in the order of the values copy_history() passes.
HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user")


def bulk_create_with_history(objs, model, *, user=None, reason=None, batch_size=None, links=None) -> list:
    """``bulk_create`` the unsaved ``objs`` and write a «+» history record for each, in one transaction;
    ``links(created)`` writes their many-to-many links first, so that the records carry them."""
    using = router.db_for_write(model)
    with transaction.atomic(using=using, savepoint=False):
        created = model._default_manager.using(using).bulk_create(objs, batch_size=batch_size)
        if links is not None:
            links(created)
        copy_history(model, [obj.pk for obj in created], history_type="+", user=user, reason=reason, using=using)
    return created


def bulk_update_with_history(objs, model, fields, *, user=None, reason=None, batch_size=None) -> int:
    """``bulk_update`` ``fields`` of the saved ``objs`` and write a «~» history record for each."""
    using = router.db_for_write(model)
    with transaction.atomic(using=using, savepoint=False):
        manager = model._default_manager.using(using)
        if hasattr(manager, "unscoped"):
            manager = manager.unscoped(reason="the rows the caller holds (read through for_user) are written")
        updated = manager.bulk_update(objs, fields, batch_size=batch_size)
        copy_history(model, [obj.pk for obj in objs], history_type="~", user=user, reason=reason, using=using)
    return updated


def copy_history(model, pks, *, history_type, user=None, reason=None, using="default") -> None:
    """History records of the rows ``pks`` of ``model`` as they are in the database now."""
    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    if None in pks:  # SQLite before 3.35 returns no keys from a bulk insert; the portal needs a newer one
        raise ValueError("copy_history() needs the primary keys of the rows written")
    history = get_history_manager_for_model(model).model
    connection = connections[using]
    quote = connection.ops.quote_name
    tracked = history.tracked_fields
    target = [quote(history._meta.get_field(f.name).column) for f in tracked]
    target += [quote(history._meta.get_field(name).column) for name in HISTORY_COLUMNS]
    source = ", ".join(f"{quote(model._meta.db_table)}.{quote(f.column)}" for f in tracked)
    values = [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        reason,
        history_type,
        getattr(user, "pk", None),
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(pks), BATCH):
            batch = list(pks[start : start + BATCH])
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(target)}) "
                f"SELECT {source}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(batch))})",
                [*values, *batch],
            )
            for field in getattr(history, "_history_m2m_fields", ()):
                _copy_links(cursor, connection, history, field, values[:3], batch)


def _copy_links(cursor, connection, history, field, record_keys, pks):
    """The many-to-many links of the rows ``pks`` as they are now, attached to the history records just written
    (``record_keys``: their date, reason and type), as the library's own snapshot of a tracked many-to-many."""
    quote = connection.ops.quote_name
    snapshot = next(
        rel.related_model
        for rel in history._meta.related_objects
        if rel.field.name == "history" and any(
            f.name == field.m2m_reverse_field_name() for f in rel.related_model._meta.concrete_fields
        )
    )
    through = field.remote_field.through._meta
    source, target = field.m2m_column_name(), field.m2m_reverse_name()
    columns = ", ".join(
        quote(snapshot._meta.get_field(name).column)
        for name in ("history", "id", field.m2m_field_name(), field.m2m_reverse_field_name())
    )
    date, reason, history_type = record_keys
    copied = quote(field.model._meta.pk.column)  # the record's copy of the row's key
    same_reason = "IS NULL" if reason is None else "= %s"
    cursor.execute(
        f"INSERT INTO {quote(snapshot._meta.db_table)} ({columns}) "
        f"SELECT h.{quote(history._meta.pk.column)}, t.{quote(through.pk.column)}, t.{quote(source)}, "
        f"t.{quote(target)} FROM {quote(through.db_table)} t "
        f"JOIN {quote(history._meta.db_table)} h ON h.{copied} = t.{quote(source)} "
        f"WHERE h.history_date = %s AND h.history_change_reason {same_reason} AND h.history_type = %s "
        f"AND t.{quote(source)} IN ({', '.join(['%s'] * len(pks))})",
        [date, *([] if reason is None else [reason]), history_type, *pks],
    )
