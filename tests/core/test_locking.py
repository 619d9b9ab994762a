"""salsk_mentoring.locking.lock_row: the one row lock of the edit views, the workflows and the services that decide
from a row's state. PostgreSQL refuses FOR UPDATE on the nullable side of an outer join and beside GROUP BY, so
the lock query touches only the model's own table, by key, unordered — whatever the model's Meta.ordering."""

import pytest
from django.apps import apps
from django.db import connection, transaction

from iom.models import Iom
from salsk_mentoring.locking import lock_query, lock_row

pytestmark = pytest.mark.django_db

PRODUCT_APPS = {"salsk_mentoring", "schools", "mentors", "events", "iom", "monitoring", "orders"}


def product_models():
    return [m for m in apps.get_models() if m._meta.app_label in PRODUCT_APPS and not m._meta.proxy]


def test_the_lock_reads_one_table_by_key_without_ordering():
    # Iom is ordered by its year, organisation and specialist: a query with that ordering joins three tables.
    assert {"academic_year", "organisation"} <= {f.split("__")[0].lstrip("-") for f in Iom._meta.ordering}
    query = lock_query(Iom, 1, "status")
    sql = str(query.query).upper()
    assert "JOIN" not in sql and "ORDER BY" not in sql and "GROUP BY" not in sql
    assert query.query.select_for_update and query.query.select_for_update_of == ("self",)


def test_lock_row_reads_the_committed_fields_or_none(world):
    iom = world["iom_a"]
    Iom.objects.unscoped(reason="test").filter(pk=iom.pk).update(status=Iom.Status.RETURNED)
    with transaction.atomic():
        assert lock_row(Iom, iom.pk, "status") == (Iom.Status.RETURNED,)
        assert lock_row(Iom, iom.pk) == (iom.pk,)
        assert lock_row(Iom, 0, "status") is None


@pytest.mark.django_db(transaction=True)
def test_a_lock_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="transaction.atomic"):
        lock_row(Iom, 1)


def test_every_model_of_the_portal_can_be_locked():
    """On PostgreSQL the lock runs for real (FOR UPDATE OF …); any model — its ordering through nullable
    foreign keys included — is accepted. On SQLite the same queries run as plain reads."""
    models = product_models()
    assert len(models) > 20
    for model in models:
        with transaction.atomic():
            assert lock_row(model, 0) is None, model
    if connection.vendor == "postgresql":
        assert 'FOR UPDATE OF "iom_iom"' in str(lock_query(Iom, 1).query)
