import datetime

import django_tables2 as tables
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

#: The form of a list's bulk actions (templates/workflows/_bulk_bar.html); the row checkboxes belong to it.
BULK_FORM_ID = "bulk-form"


class YesNoColumn(tables.BooleanColumn):
    """«да»/«нет» on screen and in XLSX/PDF exports (django-tables2 exports str(True) otherwise)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("yesno", "да,нет")
        super().__init__(*args, **kwargs)

    def value(self, record, value, bound_column):
        return "да" if self._get_bool_value(record, value, bound_column) else "нет"


class DateColumn(tables.Column):
    """A date as 15.11.2021 (an aware date-time in local time); the date itself in exports (a date cell in XLSX,
    15.11.2021 in print).

    django-tables2's DateColumn renders a template — compiled anew for every cell: three date columns made
    a third of the pairs list's time.
    """

    def __init__(self, *args, format="d.m.Y", **kwargs):
        self.format = format
        super().__init__(*args, **kwargs)

    def render(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return dateformat.format(value, self.format)

    def value(self, value):
        return value


class SelectColumn(tables.Column):
    """A checkbox per row for the list's bulk actions: named after its row for screen readers, part of the
    bulk form wherever the table is; the header's box selects the whole page (static/js/portal.js)."""

    empty_values = ()

    def __init__(self, **kwargs):
        kwargs.setdefault("accessor", "pk")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        kwargs.setdefault("attrs", {"th": {"class": "col-select"}, "td": {"class": "col-select"}})
        super().__init__(**kwargs)

    @property
    def header(self):
        return mark_safe(
            f'<input type="checkbox" class="form-check-input js-select-all" form="{BULK_FORM_ID}" '
            'aria-label="Выбрать все записи на странице">'
        )

    def render(self, record):
        return select_box(record)


def select_box(record):
    return format_html(
        '<input type="checkbox" class="form-check-input js-select" name="pk" value="{}" form="{}" '
        'aria-label="Выбрать: {}">',
        record.pk,
        BULK_FORM_ID,
        record,
    )


def cache_cell_signatures():
    """Make django-tables2 look up each render/value/linkify function's signature once, not once per cell.

    django-tables2 calls ``inspect.signature`` for every cell it renders (to pass only the arguments a
    ``render_*`` method asks for); on a 50-row list that was a quarter of the page's time. A function's
    signature does not change, so it is kept by the function (for a bound method: by its function, the
    same for every instance). Called once from :class:`salsk_mentoring.apps.PortalConfig`.
    """
    from django_tables2 import utils

    if getattr(utils.signature, "cached", False):
        return
    uncached = utils.signature
    cache = {}

    def signature(fn):
        key = (getattr(fn, "__func__", fn), hasattr(fn, "__func__"))
        try:
            return cache[key]
        except (KeyError, TypeError):  # TypeError: an unhashable callable, never cached
            pass
        result = uncached(fn)
        try:
            if len(cache) < 10_000:
                cache[key] = result
        except TypeError:
            pass
        return result

    signature.cached = True
    utils.signature = signature


def _has_callables(attrs) -> bool:
    if callable(attrs):
        return True
    if isinstance(attrs, dict):
        return any(_has_callables(value) for value in attrs.values())
    return False


def cache_static_column_attrs():
    """Compute a column's ``<th>/<td>`` attributes once per table render, not once per cell.

    django-tables2's ``BoundColumn.attrs`` merges the table's and the column's attrs, resolves callables
    with the cell's record and sorts the CSS classes — for every cell (a fifth of a 50-row list's time).
    Unless some attribute is a callable (which may depend on the record), the result is the same for every
    row of the table: it is kept on the bound column, keyed by the column's ordering state (the only other
    thing it depends on). Called once from :class:`salsk_mentoring.apps.PortalConfig`.
    """
    from django_tables2.columns.base import BoundColumn

    if getattr(BoundColumn.attrs.fget, "cached", False):
        return
    compute = BoundColumn.attrs.fget

    def attrs(self):
        key = (self.is_ordered, self.is_ordered and self.order_by_alias.is_descending)
        cached = self.__dict__.get("_static_attrs")
        if cached is not None and cached[0] == key:
            return cached[1]
        value = compute(self)
        if not (_has_callables(self._table.attrs) or _has_callables(self.column.attrs)):
            self.__dict__["_static_attrs"] = (key, value)
        return value

    attrs.cached = True
    BoundColumn.attrs = property(attrs)
