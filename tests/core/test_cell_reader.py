"""The list exports read a column's value per record with salsk_mentoring.documents.cells (the per-table work of
django-tables2 done once): every column of every registry list gives what django-tables2's own
``BoundRow.get_cell_value`` gives, for every record of the test world; and the paths django-tables2 takes for
choices, render_/value_ methods, empty values, methods and relations are taken the same way."""

import django_tables2 as tables
import pytest
from django.test import RequestFactory
from django.urls import reverse
from django_tables2.rows import BoundRow

from mentors.models import Pair
from salsk_mentoring.documents.cells import cell_reader
from salsk_mentoring.views import exportable_lists
from tests.mentors.factories import PairFactory


def export_table(view_class, url_name, user):
    request = RequestFactory().get(reverse(url_name), {"_export": "xlsx"})
    request.user = user
    request.active_organisation = None
    view = view_class()
    view.setup(request)
    view.filterset = view.get_filterset(view.get_filterset_class())
    return view.export_table()


def assert_same(table, records):
    compared = 0
    for column in table.columns.iterall():
        read = cell_reader(table, column)
        for record in records:
            expected = BoundRow(record, table=table).get_cell_value(column.name)
            assert read(record) == expected, (type(table).__name__, column.name, record.pk)
            compared += 1
    return compared


def test_every_registry_column_reads_as_django_tables2_reads_it(world):
    compared = {}
    for url_name, view_class in exportable_lists():
        table = export_table(view_class, url_name, world["methodist"])
        records = list(table.data.data[:20])
        compared[url_name] = assert_same(table, records)
    assert len(compared) >= 15
    assert sum(compared.values()) > 200  # the world has records in most registries: the comparison is not empty


class ProbeTable(tables.Table):
    """Every path of BoundRow._get_and_render_with: a choices field (get_FOO_display), a relation, a method
    called by the accessor, a property, render_/value_ methods, a column's own value(), empty values."""

    status = tables.Column()  # a field with choices: «действует», not "active"
    mentor_org = tables.Column(accessor="mentor__organisation__short_name")
    mentor_status = tables.Column(accessor="mentor__status")  # choices one relation away
    absolute = tables.Column(accessor="get_absolute_url")
    label = tables.Column(accessor="pk")
    notes = tables.Column(accessor="outcome")  # empty for a new pair: None
    yes = tables.BooleanColumn(accessor="pk")
    missing = tables.Column(accessor="mentor__no_such_thing")

    def value_label(self, value, record):
        return f"№ {value} ({record.status})"

    def render_notes(self, value):
        return f"«{value}»"


@pytest.mark.django_db
def test_each_path_of_django_tables2_is_taken_the_same_way():
    pairs = [PairFactory(status=Pair.Status.ACTIVE), PairFactory(status=Pair.Status.PLANNED, outcome="итог")]
    table = ProbeTable(Pair.objects.order_by("pk"))
    assert assert_same(table, list(Pair.objects.order_by("pk"))) == 16
    read = {c.name: cell_reader(table, c) for c in table.columns.iterall()}
    assert read["status"](pairs[0]) == "действует"
    assert read["label"](pairs[0]) == f"№ {pairs[0].pk} (active)"
    assert read["notes"](pairs[0]) is None and read["notes"](pairs[1]) == "«итог»"
    assert read["absolute"](pairs[0]) == pairs[0].get_absolute_url()


class ListTable(tables.Table):
    """Records that are not model instances (dicts): django-tables2 reads them itself."""

    name = tables.Column()


def test_records_that_are_not_model_instances_are_read_by_django_tables2():
    table = ListTable([{"name": "Иванова"}, {"name": ""}])
    read = cell_reader(table, table.columns["name"])
    assert [read(r) for r in table.data.data] == ["Иванова", None]
