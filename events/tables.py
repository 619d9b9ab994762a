import django_tables2 as tables
from django.utils.html import format_html

from .models import PlanItem


class PlanItemTable(tables.Table):
    position = tables.Column(verbose_name="№", linkify=True)
    name = tables.Column(verbose_name="Мероприятие", linkify=True)
    deadline_text = tables.Column(verbose_name="Срок (по приказу)")
    schedule = tables.Column(verbose_name="Срок (даты)", accessor="schedule_description", orderable=False)
    responsible_text = tables.Column(verbose_name="Ответственный")
    status = tables.Column(verbose_name="Статус", accessor="state__status_label", orderable=False)
    progress = tables.Column(verbose_name="Выполнили", empty_values=(), orderable=False)
    plan = tables.Column(verbose_name="План", accessor="plan__academic_year")

    class Meta:
        model = PlanItem
        fields = (
            "position",
            "name",
            "deadline_text",
            "schedule",
            "responsible_text",
            "status",
            "progress",
            "plan",
        )
        orderable = False
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}

    def render_status(self, record, value):
        return format_html('<span class="badge text-bg-{}">{}</span>', record.state.status_css, value)

    def render_progress(self, record):
        lines = record.state.lines
        return f"{record.state.done_count} из {len(lines)}" if lines else "—"

    def value_progress(self, record):
        lines = record.state.lines
        return f"{record.state.done_count} из {len(lines)}" if lines else ""
