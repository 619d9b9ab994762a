"""Generated permission matrix: every URL × methodist, school_a, school_b, official, anonymous × GET/POST.

School A's objects must be a 404 for school B, a 403 for a forbidden action,
and a login redirect for an anonymous visitor — on every URL of the portal.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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


def resolve_kwargs(route, world):
    return {key: (world[value].pk if isinstance(value, str) and value in world else value)
            for key, value in route.kwargs.items()}


def check(response, expected, ok_statuses):
    if expected == OK:
        assert response.status_code in ok_statuses, response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif expected == DENIED:
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code in (403, 404, 405), response.status_code
    elif expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected, response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_get(route, persona, world, client_for):
    client = client_for(persona)
    url = reverse(route.name, kwargs=resolve_kwargs(route, world))
    response = client.get(url + (f"?{route.query}" if route.query else ""))
    check(response, route.profile.get[persona], route.ok_get)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_post(route, persona, world, client_for):
    client = client_for(persona)
    url = reverse(route.name, kwargs=resolve_kwargs(route, world))
    data = {key: (world[value].pk if isinstance(value, str) and value in world else value)
            for key, value in route.post_data.items()}
    response = client.post(url, data)
    check(response, route.profile.post[persona], route.ok_post)
