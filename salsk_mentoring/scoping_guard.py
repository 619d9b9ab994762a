"""Test-only guard: a request that reads a scoped model without ``for_user`` fails.

:class:`salsk_mentoring.scoping.ScopedQuerySet` marks every fresh query of a scoped model as needing a scope
and ``for_user()`` / ``.public()`` / ``.unscoped(reason=…)`` / a related manager mark how it was scoped; the
marks ride on the ``Query`` and survive ``filter()``, ``values()``, ``count()``, ``exists()``, ``update()``.

:class:`ScopingGuardMiddleware` (first in ``MIDDLEWARE`` of the test settings when ``SCOPING_GUARD=1``, so
the whole request — auth, view, template, admin — is inside it) opens a window; while it is open, the SQL
compiler refuses to run a query that needs a scope and has none, raising :class:`UnscopedQuery`. Every
violation is also recorded, so a view that swallows the exception still fails its test (``tests/conftest.py``
checks :func:`violations`).

Not checked, on purpose:

* reference data (``scope_field = None``: academic years, pilot projects, programme templates) — every
  signed-in user reads all of it; who may *change* it is the view's permission, not a row filter;
* Django's own integrity checks (``validate_unique``, ``validate_constraints``): they must see every school's
  rows to refuse a duplicate, and they return no rows to the user; the history record of a saved row;
* a prefetch and an inline formset's rows: filtered to the rows of objects that were read through for_user;
* queries through ``_base_manager`` (a foreign key of a row already read, ``save()``, ``refresh_from_db()``):
  they start from an object that was itself scoped;
* code outside requests (commands, the task worker, tests' own setup).
"""

import contextvars
import functools
import os
import threading
import traceback

from django.db import models
from django.db.models.fields import related_descriptors
from django.db.models.sql import compiler as sql_compiler
from django.db.models.sql.subqueries import AggregateQuery
from django.forms.models import BaseInlineFormSet
from simple_history.models import HistoricalRecords

_inside_request = contextvars.ContextVar("scoping_guard_inside_request", default="")
_exempt = contextvars.ContextVar("scoping_guard_exempt", default=False)
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + "/"
_violations: list[str] = []
_lock = threading.Lock()
_installed = False


class UnscopedQuery(AssertionError):
    """A request read a scoped model through a queryset that did not go through ``for_user``."""


def needs_scope(query) -> bool:
    if isinstance(query, AggregateQuery):  # count()/aggregate() wrap the real query
        query = query.inner_query
    if not getattr(query, "scope_required", False) or getattr(query, "scope_reason", None):
        return False
    model = query.model
    return model is not None and getattr(model, "scope_field", "organisation") is not None


def check(query):
    if not _inside_request.get() or _exempt.get() or not needs_scope(query):
        return
    model = query.model if not isinstance(query, AggregateQuery) else query.inner_query.model
    where = "\n".join(
        f"  {frame.filename.removeprefix(_ROOT)}:{frame.lineno} {frame.name}"
        for frame in traceback.extract_stack()[:-2]
        if frame.filename.startswith(_ROOT) and "/.venv/" not in frame.filename and "/tests/" not in frame.filename
    )
    if os.environ.get("SCOPING_GUARD_LOG"):  # a whole-suite hunt: every violation's full stack, in a file
        full = "\n".join(
            f"  {frame.filename.split('site-packages/')[-1].removeprefix(_ROOT)}:{frame.lineno} {frame.name}"
            for frame in traceback.extract_stack()[-40:-2]
        )
        with open(os.environ["SCOPING_GUARD_LOG"], "a") as log:
            log.write(f"{model._meta.label} {_inside_request.get()}\n{full}\n--\n")
    message = (
        f"Запрос к {model._meta.label} без for_user(user, action) во время запроса к {_inside_request.get()}. "
        f"Прочитайте строки через Model.objects.for_user(...), .public() или .unscoped(reason=...).\n{where}"
    )
    with _lock:
        _violations.append(message)
    raise UnscopedQuery(message)


def violations() -> list[str]:
    with _lock:
        return list(_violations)


def clear():
    with _lock:
        _violations.clear()


class inside_request:
    """Context manager: the guard's window (the middleware; a test may open it by hand)."""

    def __init__(self, where: str = "странице"):
        self.where = where

    def __enter__(self):
        self._token = _inside_request.set(self.where or "странице")
        return self

    def __exit__(self, *exc):
        _inside_request.reset(self._token)


def _exempting(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        token = _exempt.set(True)
        try:
            return method(*args, **kwargs)
        finally:
            _exempt.reset(token)

    return wrapper


def install():
    """Patch the SQL compiler and Django's integrity checks once per process."""
    global _installed
    if _installed:
        return
    _installed = True
    original = sql_compiler.SQLCompiler.execute_sql

    @functools.wraps(original)
    def execute_sql(self, *args, **kwargs):
        check(self.query)
        return original(self, *args, **kwargs)

    sql_compiler.SQLCompiler.execute_sql = execute_sql

    # A prefetch (``Prefetch("rows", queryset=Row.objects.select_related(...))``) is filtered to the rows
    # of objects that were themselves read through for_user: it is a related read, like ``obj.rows.all()``.
    original_filter = related_descriptors._filter_prefetch_queryset

    @functools.wraps(original_filter)
    def filter_prefetch_queryset(queryset, field_name, instances):
        queryset = original_filter(queryset, field_name, instances)
        return queryset._mark(f"prefetch of {field_name}") if hasattr(queryset, "_mark") else queryset

    related_descriptors._filter_prefetch_queryset = filter_prefetch_queryset

    # An inline formset's rows are those of its parent object (``queryset.filter(<fk>=instance)``), which the
    # view read through for_user: a related read as well.
    original_init = BaseInlineFormSet.__init__

    @functools.wraps(original_init)
    def inline_formset_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        if hasattr(self.queryset, "_mark"):
            self.queryset = self.queryset._mark(f"rows of a {type(self.instance).__name__} in an inline formset")

    BaseInlineFormSet.__init__ = inline_formset_init
    models.Model._perform_unique_checks = _exempting(models.Model._perform_unique_checks)
    # The history of a saved row is written from that row (simple-history reads its excluded fields back).
    HistoricalRecords.create_historical_record = _exempting(HistoricalRecords.create_historical_record)
    models.Model.validate_constraints = _exempting(models.Model.validate_constraints)


class ScopingGuardMiddleware:
    def __init__(self, get_response):
        install()
        self.get_response = get_response

    def __call__(self, request):
        with inside_request(f"{request.method} {request.get_full_path()}"):
            return self.get_response(request)
