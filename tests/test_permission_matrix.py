"""Generated permission matrix: every URL × methodist, school_a, school_b, official, anonymous × GET/POST.

School A's objects must be a 404 for school B, a 403 for a forbidden action,
and a login redirect for an anonymous visitor — on every URL of the portal.

The world (tests/conftest.py ``build_world``) is built once per class with
``setUpTestData``; every generated test runs in its own transaction, so a POST
that deletes or changes something does not leak into the next test.

A refused write changes nothing: around every POST that is refused — 403, 404, 405, a login redirect, a
redirect with an error message, a form shown again with errors — a fingerprint of the database (rows and a
checksum of every data table, salsk_mentoring/fingerprint.py, in one query) and of the stored files must be
identical before and after (tests/core/test_refusals_change_nothing.py shows the check failing).
"""

import re

from django.contrib import messages
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from salsk_mentoring.fingerprint import differences, media_fingerprint, quick_database_fingerprint

from .conftest import build_world
from .matrix import DENIED, LOGIN, OK, PERSONAS, all_routes

ROUTES = all_routes()

# URL names that are not the portal's own pages.
NOT_IN_MATRIX = {"django.views.static.serve"}
NOT_IN_MATRIX_PREFIXES = ("admin:",)


def iter_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_url_names(entry, ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or entry.lookup_str}"


def test_every_url_is_in_the_matrix():
    covered = {route.name for route in ROUTES}
    missing = sorted(
        name for name in set(iter_url_names())
        if name not in covered and name not in NOT_IN_MATRIX and not name.startswith(NOT_IN_MATRIX_PREFIXES)
    )
    assert not missing, f"URL без строки в матрице прав (tests/<app>/matrix.py): {missing}"


def resolve(values, world):
    return {key: (world[value].pk if isinstance(value, str) and value in world else value)
            for key, value in values.items()}


def fingerprint():
    """The whole data of the portal, cheaply: every data table's rows and checksum, every stored file."""
    return quick_database_fingerprint(), media_fingerprint()


def refused(response, expected) -> bool:
    """Was this answer a refusal of the write (whatever the expected outcome said)?"""
    if expected != OK:
        return True
    request = getattr(response, "wsgi_request", None)
    if request is not None and any(m.level >= messages.ERROR for m in messages.get_messages(request)):
        return True  # «a redirect with an error»: refused with a message
    if response.status_code == 200 and response.context is not None:
        contexts = [response.context] if hasattr(response.context, "flatten") else list(response.context)
        values = [v for c in contexts for v in c.flatten().values()]
        forms = [v for v in values if hasattr(v, "errors") and hasattr(v, "is_bound")]
        # The typed form (or formset) shown again with its errors.
        return any(f.is_bound and (f.total_error_count() if hasattr(f, "total_error_count") else f.errors)
                   for f in forms)  # fmt: skip
    return False


def post_and_check(client, url, data, expected, ok_statuses):
    """POST, check the outcome and, when the write was refused, that the database and files are unchanged."""
    before = fingerprint()
    response = client.post(url, data)
    check(response, expected, ok_statuses)
    if refused(response, expected):
        after = fingerprint()
        changed = differences(before[0], after[0]) + differences(before[1], after[1])
        assert not changed, f"POST {url} отказан ({response.status_code}), но изменил данные: {changed}"
    return response


def check(response, expected, ok_statuses):
    status = response.status_code
    location = response.get("Location", "")
    if expected == OK:
        assert status in ok_statuses, status
        if status == 302:
            assert "/accounts/login/" not in location
    elif expected == DENIED:
        if status == 302:
            assert "/accounts/login/" in location, location
        else:
            assert status in (403, 404, 405), status
    elif expected == LOGIN:
        assert status == 302, status
        assert "/accounts/login/" in location, location
    else:
        assert status == expected, status


class PermissionMatrix(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def request(self, route, persona, method):
        self.client.logout()
        user = self.world[persona]
        if user is not None:
            self.client.force_login(user)
        url = reverse(route.name, kwargs=resolve(route.kwargs, self.world))
        if method == "get":
            response = self.client.get(url + (f"?{route.query}" if route.query else ""))
            check(response, route.profile.get[persona], route.ok_get)
        else:
            post_and_check(
                self.client, url, resolve(route.post_data, self.world), route.profile.post[persona], route.ok_post
            )


def _make(route, persona, method):
    def test(self):
        self.request(route, persona, method)

    return test


_seen = set()
for _route in ROUTES:
    for _persona in PERSONAS:
        for _method in ("get", "post"):
            _name = re.sub(r"\W+", "_", f"test_{_method}__{_route.id}__{_persona}")
            while _name in _seen:
                _name += "_"
            _seen.add(_name)
            _test = _make(_route, _persona, _method)
            _test.__name__ = _name
            _test.__doc__ = f"{_method.upper()} {_route.id} как {_persona}"
            setattr(PermissionMatrix, _name, _test)
