import django_tables2 as tables

from salsk_mentoring.tables import DateColumn

from .models import Iom, IomCampaign, IomTemplate


class IomTable(tables.Table):
    specialist = tables.Column(
        verbose_name="Молодой специалист",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("specialist__last_name", "specialist__first_name"),
    )
    mentor = tables.Column(verbose_name="Наставник", order_by=("mentor__last_name",))
    organisation = tables.Column()
    academic_year = tables.Column(order_by=("academic_year__start_year",))
    status = tables.Column()
    progress = tables.Column(verbose_name="Выполнено", accessor="pk", orderable=False)
    updated_at = DateColumn(verbose_name="Изменён")

    class Meta:
        model = Iom
        fields = ("specialist", "mentor", "organisation", "academic_year", "status", "progress", "updated_at")
        order_by = ("organisation", "specialist")
        attrs = {"class": "table table-sm table-hover mb-0"}
        # Rows rendered by hand (the columns above still give the headers, sorting and the exports).
        template_name = "iom/iom_table.html"

    def render_progress(self, record):
        return record.progress_text

    def value_progress(self, record):
        return f"{record.progress}%"


class IomTemplateTable(tables.Table):
    academic_year = tables.Column(linkify=lambda record: record.get_absolute_url())
    title = tables.Column()
    row_count = tables.Column(verbose_name="Строк")

    class Meta:
        model = IomTemplate
        fields = ("academic_year", "title", "row_count")
        attrs = {"class": "table table-sm table-hover mb-0"}


class CampaignTable(tables.Table):
    title = tables.Column(linkify=lambda record: record.get_absolute_url())
    academic_year = tables.Column()
    deadline = DateColumn()
    org_count = tables.Column(verbose_name="Организаций")
    is_open = tables.BooleanColumn(yesno="открыта,закрыта")

    class Meta:
        model = IomCampaign
        fields = ("title", "academic_year", "deadline", "org_count", "is_open")
        attrs = {"class": "table table-sm table-hover mb-0"}
