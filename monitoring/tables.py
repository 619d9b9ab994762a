import django_tables2 as tables

from .models import Indicator, MonitoringCampaign, Target


class IndicatorTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    unit = tables.Column()
    source = tables.Column()
    origin = tables.Column(verbose_name="Источник")

    class Meta:
        model = Indicator
        fields = ("code", "name", "unit", "source", "origin", "is_active")
        order_by = ("position",)


class TargetTable(tables.Table):
    indicator = tables.Column(
        linkify=lambda record: record.get_absolute_url(), order_by=("indicator__position",)
    )
    academic_year = tables.Column(order_by=("academic_year__start_year",))
    level = tables.Column()
    organisation = tables.Column(verbose_name="Организация или муниципалитет", default="—")
    value = tables.Column(attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Target
        fields = ("indicator", "academic_year", "level", "organisation", "value", "note")
        template_name = "monitoring/_target_table.html"  # rows written by hand; the columns serve the exports

    def value_organisation(self, record, value):
        return str(record.organisation or record.municipality or "")

    def render_value(self, record, value):
        return record.indicator.display(value)

    def value_value(self, record, value):
        return value


class CampaignTable(tables.Table):
    name = tables.Column(linkify=True)
    academic_year = tables.Column(order_by=("academic_year__start_year",))
    deadline = tables.DateColumn(format="d.m.Y")
    opens_on = tables.DateColumn(format="d.m.Y")

    class Meta:
        model = MonitoringCampaign
        fields = ("name", "academic_year", "period", "kind", "opens_on", "deadline", "status")
