import django_tables2 as tables

from .models import Order


class OrderTable(tables.Table):
    date = tables.DateColumn(format="d.m.Y")
    number = tables.Column(linkify=lambda record: record.get_absolute_url())
    title = tables.Column(verbose_name="Заголовок", linkify=lambda record: record.get_absolute_url())
    status = tables.Column()
    signatory_name = tables.Column(verbose_name="Подписал")

    class Meta:
        model = Order
        fields = ("date", "number", "kind", "title", "status", "signatory_name")
        order_by = ("-date",)
