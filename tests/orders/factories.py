import datetime

import factory
from factory.django import DjangoModelFactory

from orders.models import Order, OrderAppendix, OrderPoint
from tests.factories import OrganisationFactory


class OrderFactory(DjangoModelFactory):
    class Meta:
        model = Order

    issuer = factory.SubFactory(
        OrganisationFactory, short_name="УО Сальского района", kind="authority", is_participant=False
    )
    date = datetime.date(2025, 9, 1)
    number = factory.Sequence(lambda n: str(100 + n))
    title = "О проведении конкурса «Педагогический дуэт»"
    preamble = "В соответствии с планом-графиком мероприятий"


class OrderPointFactory(DjangoModelFactory):
    class Meta:
        model = OrderPoint

    order = factory.SubFactory(OrderFactory)
    position = factory.Sequence(lambda n: (n + 1) * 10)
    level = 1
    text = "Провести конкурс."


class OrderAppendixFactory(DjangoModelFactory):
    class Meta:
        model = OrderAppendix

    order = factory.SubFactory(OrderFactory)
    number = 1
    kind = "free_table"
    title = "Состав жюри"
    body = "ФИО | Должность\nПетрова А.А. | методист"
