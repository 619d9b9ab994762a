from orders.models import Order
from tests.matrix import (
    DENIED,
    LOGIN,
    OBJECT_A_METHODIST_CHANGE,
    OBJECT_A_READ,
    OK,
    PERSONAS,
    SIGNED_IN,
    Profile,
    Route,
)


def _profile(name, get, post=None):
    return Profile(
        name,
        dict(zip(PERSONAS, get, strict=True)),
        dict(zip(PERSONAS, post, strict=True)) if post else dict.fromkeys(PERSONAS, DENIED),
    )


#                                 methodist school_a school_b official anonymous
METHODIST_ADD = _profile("methodist composes", (OK, 403, 403, 403, LOGIN), (OK, 403, 403, 403, LOGIN))
# A draft is seen by methodists and officials only; schools see signed orders addressed to them.
DRAFT_READ = _profile("draft order, read", (OK, 404, 404, OK, LOGIN))
DRAFT_CHANGE = _profile("draft order, change", (OK, 404, 404, 403, LOGIN), (OK, 404, 404, 403, LOGIN))
DRAFT_ACTION = _profile(
    "draft order, methodist action", (405, 404, 404, 403, DENIED), (OK, 404, 404, 403, LOGIN)
)
SIGNED_ACTION = _profile(
    "signed order A, methodist action", (405, 403, 404, 403, DENIED), (OK, 403, 404, 403, LOGIN)
)

ORDER_POST = {
    "issuer": "uo",
    "issuer_heading": "Управление образования Сальского района",
    "issuer_genitive": "управления образования Сальского района",
    "kind": "Приказ",
    "date": "2025-10-01",
    "number": "501",
    "place": "г. Сальск",
    "standard": "2025",
    "title": "О конкурсе",
    "preamble": "",
    "command_word": "приказываю:",
    "control_text": "",
    "signatory_position": "Начальник",
    "signatory_name": "М.Е. Сенченко",
    "district_wide": "on",
    "points-TOTAL_FORMS": "0",
    "points-INITIAL_FORMS": "0",
    "appendices-TOTAL_FORMS": "0",
    "appendices-INITIAL_FORMS": "0",
}

ROUTES = [
    Route("orders:order_list", profile=SIGNED_IN),
    Route("orders:order_list", profile=SIGNED_IN, query="_export=xlsx"),
    Route("orders:order_list", profile=SIGNED_IN, query="_export=pdf"),
    Route("orders:order_add", profile=METHODIST_ADD, post_data=ORDER_POST),
    Route("orders:order_detail", {"pk": "order_a"}, OBJECT_A_READ),
    Route("orders:order_detail", {"pk": "order_draft"}, DRAFT_READ),
    Route("orders:order_edit", {"pk": "order_draft"}, DRAFT_CHANGE, post_data=ORDER_POST),
    # A signed order: the methodist is sent back with a message (GET) or keeps the typed form (POST).
    Route(
        "orders:order_edit",
        {"pk": "order_a"},
        OBJECT_A_METHODIST_CHANGE,
        post_data=ORDER_POST,
        ok_get=(302,),
        ok_post=(200,),
    ),
    # A pack whose parts are not all in the cache is a background job: the answer is its page.
    Route("orders:order_pdf", {"pk": "order_a"}, OBJECT_A_READ, ok_get=(200, 302)),
    Route("orders:order_pdf", {"pk": "order_a"}, OBJECT_A_READ, query="format=html"),
    Route("orders:order_docx", {"pk": "order_a"}, OBJECT_A_READ, ok_get=(200, 302)),
    Route("orders:order_pdf", {"pk": "order_draft"}, DRAFT_READ, query="format=html"),
    Route("orders:appendix_pdf", {"pk": "order_a", "number": 1}, OBJECT_A_READ, ok_get=(200, 302)),
    Route("orders:appendix_pdf", {"pk": "order_a", "number": 1}, OBJECT_A_READ, query="format=html"),
    Route("orders:appendix_xlsx", {"pk": "order_a", "number": 1}, OBJECT_A_READ),
    Route("orders:order_sign", {"pk": "order_draft"}, DRAFT_ACTION),
    Route("orders:order_freeze", {"pk": "order_a"}, SIGNED_ACTION),
    Route("orders:order_copy", {"pk": "order_a"}, SIGNED_ACTION),
    Route("orders:order_copy", {"pk": "order_draft"}, DRAFT_ACTION),
]


def extend_world(world):
    from tests.factories import OrganisationFactory
    from tests.orders.factories import OrderAppendixFactory, OrderFactory, OrderPointFactory

    uo = OrganisationFactory(short_name="УО Сальского района", kind="authority", is_participant=False)
    world["uo"] = uo
    signed = OrderFactory(issuer=uo, number="77", status=Order.Status.SIGNED, district_wide=False)
    OrderPointFactory(order=signed, text="Руководителю МБОУ СОШ № 1 представить отчёт.").addressees.add(
        world["org_a"]
    )
    OrderAppendixFactory(order=signed, number=1)
    world["order_a"] = signed
    draft = OrderFactory(issuer=uo, number="78")
    OrderPointFactory(order=draft)
    OrderAppendixFactory(order=draft, number=1)
    world["order_draft"] = draft
