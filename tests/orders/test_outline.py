"""The order's card lists its appendices from their outlines (title, missing state, XLSX or not), not from the
full render: the outline must say exactly what the render says, for every kind, with and without data."""


import pytest

from mentors.models import MentorBankEntry, Programme, ProgrammeTemplate
from orders import appendix_content, services
from orders.models import Order, OrderAppendix
from schools.models import PilotParticipant
from tests.monitoring.test_appendices import accept

from .factories import OrderAppendixFactory, OrderFactory

pytestmark = pytest.mark.django_db

REGISTRY_KINDS = [key for key, kind in appendix_content.KINDS.items() if kind.is_registry]


def with_every_kind(order, **params):
    """One appendix of each kind (and the typed-in ones, filled or not), numbered from 10."""
    for number, kind in enumerate(appendix_content.KINDS, start=10):
        OrderAppendix.objects.create(
            order=order, number=number, kind=kind, params=params, title="", body="А | Б\n1 | 2"
        )
    OrderAppendix.objects.create(order=order, number=30, kind="free_text", title="Пусто", body=" ")
    OrderAppendix.objects.create(order=order, number=31, kind="free_table", title="Пусто", body="")
    OrderAppendix.objects.create(order=order, number=32, kind="no_such_kind", title="Старый вид")
    OrderAppendix.objects.create(
        order=order, number=33, kind="mentor_bank", title="Своё название", params=params
    )
    return Order.objects.get(pk=order.pk)


def outlines_and_renders(order):
    """[(kind, outline, the render's outline)] of every appendix of ``order``."""
    order = Order.objects.select_related("issuer").get(pk=order.pk)
    pairs = []
    for appendix in order.appendices.all():
        appendix.order = order
        pairs.append((appendix.kind, appendix_content.outline(appendix), appendix_content.render(appendix).outline()))
    return pairs


def assert_outline_is_the_render(order, user=None):
    pairs = outlines_and_renders(order)
    for kind, outline, rendered in pairs:
        assert outline == rendered, kind
    # Each kind's own outline function against its full function, too.
    params = {"municipality": order.issuer.municipality_id}
    for key in REGISTRY_KINDS:
        kind = appendix_content.KINDS[key]
        full = kind.content(params=params, user=appendix_content.DOCUMENT_READER)
        assert kind.outline(params=params, user=appendix_content.DOCUMENT_READER) == full.outline()
    first = {}
    for kind, outline, _ in pairs:  # the appendices numbered from 10, one per kind
        first.setdefault(kind, outline)
    return first


def test_every_registry_kind_has_a_cheap_outline():
    for key in REGISTRY_KINDS:
        assert appendix_content.KINDS[key].outline is not None, key


def test_outline_is_the_render_when_every_section_has_data(world):
    accept(world, world["submission_a"], world["school_a"], "3", "10", "4")
    order = with_every_kind(OrderFactory(issuer=world["uo"]), year=world["year"].pk)
    outlines = assert_outline_is_the_render(order)
    for key in REGISTRY_KINDS:
        assert not outlines[key].missing, (key, outlines[key].missing)
    assert outlines["mentor_bank"].is_table and not outlines["programme_templates"].is_table
    assert outlines["free_table"].is_table and not outlines["free_text"].is_table


def test_outline_is_the_render_when_the_data_is_missing(world):
    """Each section empties in turn: the open campaign has no accepted report yet (Appendix 1), no target names
    an organisation (2), no programmes (3), the IOM template has no rows (4), the plan no items (5), the project
    no pilot organisations (6), the bank no included teacher (7)."""
    from events.models import PlanItem
    from monitoring.models import Target

    world["iom_template"].rows.all().delete()
    Target.objects.filter(organisation__isnull=False).delete()
    Programme.objects.all().delete()
    ProgrammeTemplate.objects.all().delete()
    PlanItem.objects.all().delete()
    PilotParticipant.objects.all().delete()
    MentorBankEntry.objects.update(status=MentorBankEntry.Status.PROPOSED)
    order = with_every_kind(OrderFactory(issuer=world["uo"]), year=world["year"].pk)
    outlines = assert_outline_is_the_render(order)
    for key in REGISTRY_KINDS:
        assert outlines[key].missing.startswith(appendix_content.MISSING_PREFIX), key
        assert not outlines[key].is_table, key
    assert "нет принятых отчётов" in outlines["monitoring_results"].missing
    assert outlines["no_such_kind"].missing.startswith(appendix_content.MISSING_PREFIX)


def test_a_share_with_zero_denominators_only_has_no_result_in_both(world):
    """Appendix 1 counts a share as achieved only when its denominators add up to more than 0."""
    from monitoring.models import Indicator

    Indicator.objects.exclude(pk=world["indicator"].pk).update(is_active=False)
    accept(world, world["submission_a"], world["school_a"], "0", "0", "4")
    order = with_every_kind(OrderFactory(issuer=world["uo"]), year=world["year"].pk)
    outlines = assert_outline_is_the_render(order)
    assert "нет принятых отчётов" in outlines["monitoring_results"].missing
    Indicator.objects.update(is_active=True)  # the count indicator's value is a result
    assert not assert_outline_is_the_render(order)["monitoring_results"].missing


def test_outline_is_the_render_without_a_campaign_a_year_or_a_project(world):
    from iom.models import IomTemplate
    from monitoring.models import MonitoringCampaign
    from schools.models import AcademicYear, PilotProject

    MonitoringCampaign.objects.all().delete()
    order = with_every_kind(OrderFactory(issuer=world["uo"]), year=world["year"].pk)
    assert "не проводился" in assert_outline_is_the_render(order)["monitoring_results"].missing
    IomTemplate.objects.all().delete()
    PilotParticipant.objects.all().delete()
    PilotProject.objects.all().delete()
    assert_outline_is_the_render(order)
    AcademicYear.objects.update(is_current=False)  # and no year in the parameters
    order.appendices.update(params={})
    assert_outline_is_the_render(order)


def test_outline_is_the_render_in_an_empty_portal():
    """No academic year, campaign, plan or project at all: the «not found» branches of every section."""
    outlines = assert_outline_is_the_render(with_every_kind(OrderFactory()))
    assert outlines["mentor_bank"].missing.endswith("учебный год не найден.")
    assert outlines["monitoring_results"].missing.endswith("учебные годы не заведены.")
    assert outlines["event_plan"].missing.endswith("план мероприятий не найден.")
    assert outlines["pilot_organisations"].missing.endswith("пилотный проект не найден.")


def test_outline_of_a_broken_section(world, monkeypatch):
    order = with_every_kind(OrderFactory(issuer=world["uo"]))

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setitem(
        appendix_content.KINDS,
        "pilot_organisations",
        appendix_content.Kind("pilot_organisations", "x", "Пилот", content=broken, outline=broken),
    )
    outline = assert_outline_is_the_render_for(order, "pilot_organisations")
    assert "не смог сформировать приложение" in outline.missing


def assert_outline_is_the_render_for(order, kind):
    (outline, rendered), *_ = [(o, r) for k, o, r in outlines_and_renders(order) if k == kind]
    assert outline == rendered
    return outline


def test_outline_of_a_frozen_order_is_its_snapshot_without_queries(world, methodist, django_assert_num_queries):
    order = OrderFactory(issuer=world["uo"], status=Order.Status.SIGNED)
    OrderAppendixFactory(order=order, number=1, kind="pilot_organisations", params={})
    OrderAppendixFactory(order=order, number=2, kind="free_text", title="Порядок", body="Текст.")
    OrderAppendixFactory(order=order, number=3, kind="free_table")
    services.order_freeze(order=order, user=methodist)
    PilotParticipant.objects.all().delete()  # later data changes do not reach a frozen order
    order = Order.objects.select_related("issuer").prefetch_related("appendices").get(pk=order.pk)
    with django_assert_num_queries(0):
        outlines = [appendix_content.outline(appendix) for appendix in order.appendices.all()]
    assert outlines == [appendix_content.render(appendix).outline() for appendix in order.appendices.all()]
    assert [(bool(o.missing), o.is_table) for o in outlines] == [(False, True), (False, False), (False, True)]


# The card of an order with every kind of appendix: session, user, the order with its points, addressees and
# appendices, each section's outline queries (a year, a campaign, the indicators, a few exists()), the duty
# previews and the history panel — the same number whatever the size of the data. Appendices 1 and 2 also read
# the issuer's municipality, to name it in their titles.
CARD_QUERIES = 27


def test_card_runs_a_fixed_number_of_queries_whatever_the_data(world, client_for, django_assert_num_queries):
    from tests.mentors.factories import MentorBankEntryFactory

    order = with_every_kind(OrderFactory(issuer=world["uo"]), year=world["year"].pk)
    client = client_for("methodist")
    with django_assert_num_queries(CARD_QUERIES):
        body = client.get(f"/orders/{order.pk}/").content.decode()
    assert "нет принятых отчётов" in body  # Appendix 1's state before any report is accepted
    assert f"/orders/{order.pk}/appendix/16/xlsx/" in body  # the bank is a table with data
    assert f"/orders/{order.pk}/appendix/12/xlsx/" not in body  # the programmes are not a table
    MentorBankEntryFactory.create_batch(30, year=world["year"], organisation=world["org_a"])
    accept(world, world["submission_a"], world["school_a"], "3", "10", "4")
    with django_assert_num_queries(CARD_QUERIES):
        body = client.get(f"/orders/{order.pk}/").content.decode()
    assert "нет принятых отчётов" not in body
