"""Query parameters of the portal's pages, read in one place: a bad value gives the default, never a 500.

People edit addresses by hand, bookmarks outlive records, scanners send ``?per_page=-1``, ids beyond 64 bits,
``?year=-1``, letters and emoji where a number goes. Every page reads its numbers, ids and months through
these functions; what cannot be read is as if it were not there (the page's default), so the page answers
as usual — a list shows its first page, a report its default year. :func:`normalise_list_params` does the
same for the parameters django-tables2 and django-filter read themselves from ``request.GET``.
"""

import datetime
import re

from django.http import QueryDict

#: The largest key a database column holds (64-bit); beyond it a lookup overflows in the driver.
MAX_ID = 2**63 - 1
#: The most rows a list shows on one page (a bigger page is a download: the XLSX/PDF export).
MAX_PER_PAGE = 500
#: The longest value of a parameter the portal reads (a typed search, a list of ids).
MAX_LENGTH = 500

_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


def int_param(params, name: str, default=None, *, minimum: int | None = None, maximum: int | None = MAX_ID):
    """``params[name]`` as an integer within [minimum, maximum] (ASCII digits only), else ``default``."""
    value = params.get(name) if params is not None else None
    if isinstance(value, int) and not isinstance(value, bool):  # a number already (an appendix's JSON params)
        number = value
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        number = int(value)
    else:
        return default
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return default
    return number


def pk_param(params, name: str, default=None):
    """A record's key from the query (``?plan=3``): a positive 64-bit integer, else ``default``."""
    return int_param(params, name, default, minimum=1, maximum=MAX_ID)


def pk_list_param(params, name: str) -> list[int]:
    """All valid keys of a repeated parameter (``?organisation=1&organisation=2``); bad ones are left out."""
    getlist = getattr(params, "getlist", None)
    values = getlist(name) if getlist else ([params[name]] if name in params else [])
    return [pk for pk in (pk_param({name: v}, name) for v in values[:MAX_LENGTH]) if pk is not None]


def month_param(params, name: str, default: datetime.date) -> datetime.date:
    """``?month=2025-10`` as the first day of that month (years 1900–2999), else ``default``."""
    value = (params.get(name) or "").strip() if params is not None else ""
    match = _MONTH.fullmatch(value)
    if match:
        year, month = int(match[1]), int(match[2])
        if 1900 <= year <= 2999 and 1 <= month <= 12:
            return datetime.date(year, month, 1)
    return default


def text_param(params, name: str, default: str = "") -> str:
    """A typed text (a search): whitespace collapsed, at most :data:`MAX_LENGTH` characters, no NUL."""
    value = params.get(name) if params is not None else None
    if not isinstance(value, str):
        return default
    return " ".join(value.replace("\x00", "").split())[:MAX_LENGTH]


def normalise_list_params(params: QueryDict, *, integer_names=("page", "per_page")) -> QueryDict:
    """The query of a list with its paging parameters made safe for the libraries that read ``request.GET``
    themselves: a ``page`` or ``per_page`` that is not a positive number is dropped (the default applies),
    ``per_page`` is at most :data:`MAX_PER_PAGE`; NUL characters are removed from every value."""
    cleaned = params.copy()
    for name in integer_names:
        if name not in cleaned:
            continue
        maximum = MAX_PER_PAGE if name.endswith("per_page") else MAX_ID
        value = int_param(cleaned, name, minimum=1, maximum=None)
        if value is None:
            del cleaned[name]
        else:
            cleaned[name] = str(min(value, maximum))
    for key in list(cleaned):
        values = cleaned.getlist(key)
        if any("\x00" in v for v in values):
            cleaned.setlist(key, [v.replace("\x00", "") for v in values])
    cleaned._mutable = False
    return cleaned
