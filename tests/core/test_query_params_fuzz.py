"""Bad query parameters on every page without a key in its address: 400 or the default, never a 500.

The pages come from the permission matrix (every URL of the portal is in it): each one a methodist opens with a
GET and no key in the address — the registry lists, reports, the plan pages, the bank, the calendar. Each gets
every parameter any page of the portal reads (and its own filter fields) with hostile values: negative and
zero page sizes, ids beyond 64 bits, a year of -1, letters, other scripts' digits, emoji, a NUL, SQL.
Values are read through salsk_mentoring/params.py.
"""

import pytest
from django.urls import reverse

from salsk_mentoring.params import MAX_PER_PAGE, int_param, month_param, normalise_list_params, pk_param
from tests.matrix import OK, all_routes

# What any page reads from its query (grep request.GET) — sent to every page, each must cope.
COMMON = (
    "page", "per_page", "sort", "q", "year", "organisation", "plan", "month", "campaign", "indicator",
    "status", "municipality", "template", "mentor", "mentee", "mentee_teacher", "kind", "project", "form",
    "young", "is_active", "subject", "competency",
)  # fmt: skip
HOSTILE = (
    "-1", "0", "99999999999999999999999", "9223372036854775808", "abc", "１２", "²", "😀", "1.5",
    "' OR '1'='1", "2024-13", "-1-1", "\x00", "",
)  # fmt: skip
# Parameters that change what is answered (a download, a print) are other tests' business.
NOT_FUZZED = {"_export", "format"}

ROUTES = {
    route.name: route
    for route in all_routes()
    if not route.kwargs and not route.query and route.profile.get["methodist"] == OK and 200 in route.ok_get
}
PAGES = sorted(ROUTES)


def page_params(url_name):
    """COMMON plus the page's own filter fields (a registry list's filterset)."""
    from django.urls import resolve

    view = getattr(resolve(reverse(url_name)).func, "view_class", None)
    filterset = getattr(view, "filterset_class", None)
    own = tuple(filterset.base_filters) if filterset else ()
    return [name for name in dict.fromkeys(COMMON + own) if name not in NOT_FUZZED]


def check(response, url, params):
    assert response.status_code in (200, 302, 400), (url, params, response.status_code)


def test_there_are_pages_to_fuzz():
    assert len(PAGES) >= 25, PAGES
    assert {"mentors:teacher_list", "orders:order_list", "events:planitem_list"} <= set(PAGES)


@pytest.mark.parametrize("url_name", PAGES)
def test_every_parameter_hostile(world, client_for, url_name):
    """Each parameter alone with two hostile values (rotating through the set), then all at once with each."""
    url = reverse(url_name)
    names = page_params(url_name)
    client = client_for("methodist")
    for i, name in enumerate(names):
        for value in (HOSTILE[i % len(HOSTILE)], HOSTILE[(i + 7) % len(HOSTILE)]):
            check(client.get(url, {name: value}), url, {name: value})
    for value in HOSTILE:
        params = dict.fromkeys(names, value)
        check(client.get(url, params), url, value)
    if ROUTES[url_name].profile.get["school_a"] == OK:
        school = client_for("school_a")
        for value in ("-1", "99999999999999999999999", "😀"):
            check(school.get(url, dict.fromkeys(names, value)), url, value)


@pytest.mark.parametrize(
    ("value", "per_page"),
    [("-1", 50), ("0", 50), ("abc", 50), ("99999999999999999999999", 50), ("100000", MAX_PER_PAGE)],
)
def test_bad_page_size_gives_the_default_page(world, client_for, value, per_page):
    response = client_for("methodist").get("/teachers/", {"per_page": value, "page": value})
    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == per_page


def test_orders_of_year_minus_one(world, client_for):
    response = client_for("methodist").get("/orders/", {"year": "-1"})
    assert response.status_code in (200, 400)


def test_the_helpers():
    import datetime

    assert int_param({"n": " 12 "}, "n") == 12
    assert int_param({"n": "１２"}, "n", 7) == 7  # ASCII digits only
    assert int_param({"n": "99999999999999999999"}, "n", 7) == 7
    assert int_param({"n": "-1"}, "n", 7, minimum=1) == 7
    assert pk_param({"n": "9223372036854775807"}, "n") == 2**63 - 1
    assert pk_param({"n": "9223372036854775808"}, "n") is None
    assert pk_param({}, "n", 3) == 3
    default = datetime.date(2025, 10, 1)
    assert month_param({"m": "2024-02"}, "m", default) == datetime.date(2024, 2, 1)
    assert month_param({"m": "2024-13"}, "m", default) == default
    assert month_param({"m": "-1-1"}, "m", default) == default
    from django.http import QueryDict

    cleaned = normalise_list_params(QueryDict("per_page=-1&page=abc&q=a%00b&sort=name"))
    assert "per_page" not in cleaned and "page" not in cleaned and cleaned["q"] == "ab" and cleaned["sort"] == "name"
    assert normalise_list_params(QueryDict("per_page=100000"))["per_page"] == str(MAX_PER_PAGE)
