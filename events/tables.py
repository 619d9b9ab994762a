import django_tables2 as tables
from django.utils.html import format_html

from . import execution
from .models import PlanItem


class PlanItemTable(tables.Table):
    """Items with their computed status; the state is computed once for the whole (filtered) list."""

    position = tables.Column(verbose_name="№", linkify=True)
    name = tables.Column(verbose_name="Мероприятие", linkify=True)
    deadline_text = tables.Column(verbose_name="Срок исполнения")
    # Shown inside other cells on screen; separate columns in XLSX/PDF exports.
    schedule = tables.Column(verbose_name="Даты", accessor="schedule_description", visible=False)
    responsible_text = tables.Column(verbose_name="Ответственный")
    status = tables.Column(verbose_name="Статус", accessor="state__status_label")
    progress = tables.Column(verbose_name="Выполнили", empty_values=())
    plan = tables.Column(verbose_name="Учебный год", accessor="plan__academic_year", visible=False)

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
        attrs = {"class": "table table-sm table-hover align-middle mb-0 plan-items"}
        export_exclude = ()

    def __init__(self, data=None, *args, states=None, **kwargs):
        """``states``: pk → state already computed for these items (by the status filter), reused as they are."""
        if hasattr(data, "model"):  # a queryset: evaluate with everything the status needs
            data = self._items(data.order_by("-plan__period_start", "position"), states or {})
        super().__init__(data, *args, **kwargs)

    @staticmethod
    def _items(queryset, states):
        keys = list(queryset.values_list("pk", flat=True)) if states else None
        if keys is not None and all(key in states for key in keys):
            chosen = [states[key] for key in keys]
        else:
            chosen = execution.item_states(execution.items_queryset(queryset))
        for state in chosen:
            state.item.state = state
        return [state.item for state in chosen]

    def render_position(self, record, value):
        return format_html('{}<div class="small text-muted">{}</div>', value, record.plan.academic_year)

    def value_position(self, value):
        return value

    def render_deadline_text(self, record, value):
        return format_html('{}<div class="small text-muted">{}</div>', value, record.schedule_description)

    def value_deadline_text(self, value):
        return value

    def render_name(self, value):
        return value if len(value) <= 110 else value[:108] + "…"

    def value_name(self, value):
        return value

    def render_schedule(self, record, value):
        return format_html('<span class="small text-muted">{}</span>', value)

    def value_schedule(self, value):
        return value

    def render_status(self, record, value):
        return format_html('<span class="badge text-bg-{}">{}</span>', record.state.status_css, value)

    def value_status(self, value):
        return value

    def render_progress(self, record):
        lines = record.state.lines
        return f"{record.state.done_count} из {len(lines)}" if lines else "—"

    def value_progress(self, record):
        return self.render_progress(record)
