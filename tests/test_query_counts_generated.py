"""The N+1 guard, generated like the permission matrix: every list and detail page runs as many queries with
twice the rows as with the world's rows.

The pages are the permission matrix's routes (tests/<app>/matrix.py — every URL of the portal is there) whose
name ends in ``_list`` or ``_detail``, and the other pages that list rows (dashboard, plan, reports, bank,
calendar). Each is counted for a methodist (every row) and a school user (their own), then the world is built a
second time over the same organisations and people — every registry gets a second set of rows, school A's
pages twice their rows — and each is counted again. tests/core/test_query_counts.py keeps the hand-written
cases with their upper bounds.
"""

from unittest import mock

from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import build_world
from .factories import OrganisationFactory, UserFactory
from .matrix import OK, all_routes, app_modules
from .test_permission_matrix import iter_url_names, resolve

#: Pages that list rows without ``_list``/``_detail`` in their URL name.
OTHER_PAGES = {
    "dashboard",
    "events:my_tasks",
    "events:calendar",
    "events:execution_report",
    "events:public_plan",
    "events:line",
    "mentors:public_bank",
    "mentors:public_card",
    "mentors:pair_health",
    "mentors:matching",
    "monitoring:report_district",
    "monitoring:report_organisation",
    "monitoring:report_compare",
    "monitoring:report_trend",
}


def is_counted(name: str) -> bool:
    return name.endswith(("_list", "_detail")) or name in OTHER_PAGES


ROUTES = [
    route
    for route in all_routes()
    if is_counted(route.name)
    and not route.query
    and 200 in route.ok_get
    and OK in (route.profile.get["methodist"], route.profile.get["school_a"])
]


def test_every_list_and_detail_page_is_counted():
    counted = {route.name for route in ROUTES}
    missing = sorted(
        name
        for name in set(iter_url_names())
        if is_counted(name) and name not in counted and not name.startswith("admin:")
    )
    assert not missing, f"Страницы без проверки числа запросов (нет маршрута в матрице прав): {missing}"
    assert len(counted) >= 40, sorted(counted)


class QueryCountsIndependentOfRows(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def counts(self, persona):
        """{route id: queries} for the routes this persona opens (200), in one pass."""
        self.client.force_login(self.world[persona])
        result = {}
        for route in ROUTES:
            if route.profile.get[persona] != OK:
                continue
            url = reverse(route.name, kwargs=resolve(route.kwargs, self.world))
            with CaptureQueriesContext(connection) as ctx:
                response = self.client.get(url)
            if response.status_code != 200:
                continue  # a redirect (a signed order's edit page…): not a page of rows
            result[route.id] = len(ctx.captured_queries)
        return result

    def grow(self):
        """The world again over the same organisations and people: the organisations an app's world adds by
        name (the education authority…) are found, not duplicated."""
        w = self.world
        # Colleagues of the same roles and schools: what belongs to a person (a calendar address) is theirs.
        personas = {
            name: UserFactory(username=f"{name}_2", role=w[name].role, organisations=list(w[name].organisations.all()))
            for name in ("methodist", "school_a", "school_b", "official")
        }
        personas["anonymous"] = None
        options = OrganisationFactory._meta
        saved = options.django_get_or_create
        options.django_get_or_create = ("short_name",)
        self.not_grown = []

        def extend_each(world):
            # An app whose world cannot be built twice (a record unique per year and organisation) keeps its rows;
            # the others grow. The test needs most of them to.
            for module in app_modules():
                hook = getattr(module, "extend_world", None)
                try:
                    with transaction.atomic():
                        hook and hook(world)
                except IntegrityError:
                    self.not_grown.append(module.__name__)

        try:
            with mock.patch("tests.conftest.extend_world", extend_each):
                build_world(year=w["year"], org_a=w["org_a"], org_b=w["org_b"], personas=personas)
        finally:
            options.django_get_or_create = saved
        assert len(self.not_grown) <= 2, self.not_grown

    def check(self, persona):
        before = self.counts(persona)
        self.grow()
        after = self.counts(persona)
        assert len(before) >= 30, sorted(before)
        # More rows must never mean more queries (fewer can: a page's «nothing yet» branch asks more).
        grew = {key: (before[key], after.get(key)) for key in before if after.get(key, 0) > before[key]}
        assert not grew, f"{persona}: число запросов растёт с числом строк (до, после): {grew}"
        assert len(after) == len(before), set(before) ^ set(after)

    def test_methodist(self):
        self.check("methodist")

    def test_school_a(self):
        self.check("school_a")
