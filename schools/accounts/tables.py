import django_tables2 as tables
from django.utils.html import format_html

from salsk_mentoring.tables import DateColumn

from ..models import User

STATUS_CLASS = {"invited": "text-bg-warning", "active": "text-bg-success", "disabled": "text-bg-secondary"}


class UserTable(tables.Table):
    name = tables.Column(
        verbose_name="ФИО", accessor="last_name", order_by=("last_name", "first_name"),
        linkify=lambda record: record.get_absolute_url(),
    )
    email = tables.Column(verbose_name="Электронная почта")
    phone = tables.Column(visible=False)
    position = tables.Column()
    role = tables.Column()
    organisations = tables.Column(verbose_name="Организации", accessor="pk", orderable=False)
    status = tables.Column(verbose_name="Статус", accessor="pk", orderable=False)
    last_login = DateColumn(verbose_name="Последний вход", format="d.m.Y H:i")

    class Meta:
        model = User
        fields = ("name", "email", "phone", "position", "role", "organisations", "status", "last_login")
        attrs = {"class": "table table-sm table-hover align-middle small"}
        order_by = ("name",)

    def render_name(self, record):
        return record.full_name or record.username

    def value_name(self, record):
        return record.full_name or record.username

    def render_organisations(self, record):
        return "; ".join(m.organisation.short_name for m in record.memberships.all()) or "—"

    def value_organisations(self, record):
        return "; ".join(m.organisation.short_name for m in record.memberships.all())

    def render_status(self, record):
        return format_html('<span class="badge {}">{}</span>', STATUS_CLASS[record.status],
                           record.get_status_display())

    def value_status(self, record):
        return record.get_status_display()
