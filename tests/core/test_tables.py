"""salsk_mentoring.tables: the per-cell costs of django-tables2 taken out without changing its output."""

import django_tables2 as tables
from django.test import RequestFactory

from salsk_mentoring.tables import _has_callables


class Numbers(tables.Table):
    number = tables.Column(attrs={"td": {"class": "text-end"}})
    parity = tables.Column(attrs={"td": {"class": lambda record: "odd" if record["number"] % 2 else "even"}})


def rendered(table):
    tables.RequestConfig(RequestFactory().get("/", {"sort": "-number"})).configure(table)
    return table.as_html(RequestFactory().get("/"))


def test_static_attrs_are_kept_and_callable_attrs_follow_the_record():
    table = Numbers([{"number": n, "parity": "x"} for n in (1, 2, 3)])
    html = rendered(table)
    assert html.count('<td class="text-end">') == 3  # the static class on every cell
    assert html.count('<td class="odd">') == 2 and html.count('<td class="even">') == 1  # per record
    number = table.columns["number"]
    assert "_static_attrs" in number.__dict__ and "_static_attrs" not in table.columns["parity"].__dict__
    assert "desc" in number.attrs["th"]["class"]  # the ordering state is part of what is kept


def test_attrs_follow_a_change_of_ordering():
    table = Numbers([{"number": 1, "parity": "x"}], order_by="number")
    assert "asc" in table.columns["number"].attrs["th"]["class"]
    table.order_by = "-number"
    assert "desc" in table.columns["number"].attrs["th"]["class"]


def test_has_callables_looks_into_nested_attrs():
    assert _has_callables({"td": {"class": lambda: "x"}})
    assert not _has_callables({"td": {"class": "x"}, "th": {}})


def test_portal_template_rows_match_bootstrap5_markup(settings):
    """templates/django_tables2/portal.html builds the rows in Python: same cells, escaping and localisation
    as django-tables2's bootstrap5 template (whitespace aside)."""
    import datetime
    import re
    from decimal import Decimal

    class Mixed(tables.Table):
        text = tables.Column(attrs={"td": {"class": "text-end"}})
        amount = tables.Column()
        raw = tables.Column(localize=False)

    data = [{"text": "<b>А & Б</b>", "amount": Decimal("1.5"), "raw": Decimal("2.5")},
            {"text": datetime.date(2021, 11, 15), "amount": None, "raw": 3}]  # fmt: skip

    def body(template, **kwargs):
        table = Mixed(data, template_name=template, **kwargs)
        html = table.as_html(RequestFactory().get("/"))
        html = html[html.index("<tbody") : html.index("</tbody>")]
        return re.sub(r"\s+", " ", re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html)))

    ours = body("django_tables2/portal.html")
    assert ours == body("django_tables2/bootstrap5-responsive.html")
    assert "&lt;b&gt;А &amp; Б&lt;/b&gt;" in ours and ">1,5<" in ours and ">2.5<" in ours
    assert settings.DJANGO_TABLES2_TEMPLATE == "django_tables2/portal.html"

    data.clear()  # an empty page: the «nothing found» row of both templates
    empty = body("django_tables2/portal.html", empty_text="Ничего не найдено")
    assert empty == body("django_tables2/bootstrap5-responsive.html", empty_text="Ничего не найдено")
    assert "Ничего не найдено" in empty
