"""The export value of a django-tables2 column for a record — what ``BoundRow.get_cell_value`` gives — with the
work that depends only on the table done once per column instead of once per cell.

For every cell django-tables2 builds the accessor anew, looks the model field behind it up again, tries the
record as a dict before reading its attribute (an exception caught per step) and calls ``inspect.signature`` on
the column's value function (twice for a plain column: ``Column.value`` and ``Column.render``) — most of the
time of reading a region's list for its export (docs/performance.md). :func:`cell_reader` keeps the same steps
in the same order — the accessor's penultimate object, its ``get_FOO_display()`` for a field with choices, the
empty values, the value function called with the arguments it names — and hands a cell it does not cover (a
many-to-many column, a lookup that fails, a record that is not a model instance) to django-tables2 itself, so
the result is the same value (tests/core/test_cell_reader.py).
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django_tables2 import Column
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import Accessor, signature

_GENERIC = object()


def _resolve(bits, current):
    """``Accessor.resolve`` for model instances and the plain values reached from them; ``_GENERIC`` where an
    object could answer a key lookup first (a dict, a list) or a step fails, so django-tables2 decides."""
    for bit in bits:
        if not isinstance(current, models.Model) or hasattr(type(current), "__getitem__"):
            return _GENERIC
        try:
            current = getattr(current, bit)
        except (TypeError, AttributeError):
            return _GENERIC
        if callable(current):
            if getattr(current, "alters_data", False):
                return _GENERIC  # django-tables2 refuses it (and says why)
            if not getattr(current, "do_not_call_in_templates", False):
                try:
                    current = current()  # the accessor has no arguments (else the column is read generically)
                except Exception:  # noqa: BLE001 — django-tables2 decides what a failing lookup gives
                    return _GENERIC
        if current is None:
            break
    return current


class _ColumnReader:
    def __init__(self, table, bound_column):
        self.table = table
        self.bound_column = bound_column
        self.name = bound_column.name
        self.column = column = bound_column.column
        accessor = Accessor(bound_column.accessor)
        self.generic = (
            isinstance(column, ManyToManyColumn)
            or accessor.callable_args
            or accessor.callable_kwargs
            or accessor.SEPARATOR != Accessor.SEPARATOR
        )
        self.accessor = accessor
        self.bits = tuple(accessor.bits)
        path, _, self.remainder = accessor.rpartition(accessor.SEPARATOR)
        self.path_bits = tuple(Accessor(path).bits) if path else ()
        self.display_name = f"get_{self.remainder}_display"
        self.fields = {}  # record class → whether the last field of the accessor has choices
        fn = bound_column.value
        if getattr(fn, "__func__", None) is Column.value and type(column).value is Column.value:
            fn = column.render  # Column.value only calls render with the arguments render names
        self.fn = fn
        self.args, self.takes_all = signature(fn)

    def has_choices(self, record) -> bool:
        kind = type(record)
        if kind not in self.fields:
            try:
                field = self.accessor.get_field(record)
            except FieldDoesNotExist:
                field = None
            self.fields[kind] = bool(getattr(field, "choices", ()))
        return self.fields[kind]

    def __call__(self, record):
        if self.generic or not isinstance(record, models.Model):
            return BoundRow(record, table=self.table).get_cell_value(self.name)
        value = None
        remainder = self.remainder
        penultimate = _resolve(self.path_bits, record)
        if penultimate is _GENERIC:
            return BoundRow(record, table=self.table).get_cell_value(self.name)
        if isinstance(penultimate, models.Model) and self.has_choices(record):
            display = getattr(penultimate, self.display_name, None)
            if display:
                value = display()
                remainder = None
        if remainder:
            value = _resolve(self.bits, record)
            if value is _GENERIC:
                return BoundRow(record, table=self.table).get_cell_value(self.name)
        if value in self.column.empty_values:
            return None
        available = {
            "value": value,
            "record": record,
            "column": self.column,
            "bound_column": self.bound_column,
            "table": self.table,
        }
        if self.takes_all or "bound_row" in self.args:
            available["bound_row"] = BoundRow(record, table=self.table)
        if self.takes_all:
            return self.fn(**available)
        if any(arg not in available for arg in self.args):
            return None
        return self.fn(**{arg: available[arg] for arg in self.args})


def cell_reader(table, bound_column):
    """A function of a record giving ``BoundRow(record, table).get_cell_value(bound_column.name)``."""
    return _ColumnReader(table, bound_column)
