import datetime

import django_tables2 as tables
from django.utils import dateformat, timezone


class YesNoColumn(tables.BooleanColumn):
    """«да»/«нет» on screen and in XLSX/PDF exports (django-tables2 exports str(True) otherwise)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("yesno", "да,нет")
        super().__init__(*args, **kwargs)

    def value(self, record, value, bound_column):
        return "да" if self._get_bool_value(record, value, bound_column) else "нет"


class DateColumn(tables.Column):
    """A date as 15.11.2021 (an aware date-time in local time); ISO in exports, like django-tables2's DateColumn.

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
        return value.isoformat() if isinstance(value, datetime.date) else value


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
