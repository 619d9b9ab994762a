"""The workflow of an order, declared once (salsk_mentoring.workflows): draft → signed. Signing freezes the
appendices and the PDF (orders.services.order_sign); the order's page asks the table whether to offer it, the
history names it «Подписание».
"""

from salsk_mentoring.workflows import Transition, Workflow

from .models import Order
from .rules import is_methodist, not_frozen

S = Order.Status


ORDER = Workflow(
    Order,
    object_arg="order",
    noun="приказ",
    plural="приказ,приказа,приказов",
    transitions=[
        Transition(
            "sign",
            "Подписание",
            label="Подписать",
            sources=(S.DRAFT,),
            target=S.SIGNED,
            predicate=is_methodist & not_frozen,
            denied="Недостаточно прав для этого действия с приказом.",
            refused=lambda state: "Приказ уже подписан." if state == S.SIGNED else "Подписать можно только проект.",
            done="Приказ подписан; приложения зафиксированы.",
            service="orders.services.order_sign",
            style="success",
            button=False,  # the order's page has its own button: signing reports the duties it created
        ),
    ],
)
