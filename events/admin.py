from django.contrib import admin

from salsk_mentoring.admin import PortalAdmin

from .models import (
    Assignment,
    CalendarFeed,
    EventPlan,
    Evidence,
    EvidenceKind,
    PlanItem,
    PlanItemResponsible,
    ReminderLog,
)


@admin.register(EventPlan)
class EventPlanAdmin(PortalAdmin):
    list_display = ("__str__", "academic_year", "order_number", "order_date", "is_published")


class ResponsibleInline(admin.TabularInline):
    model = PlanItemResponsible
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(PlanItem)
class PlanItemAdmin(PortalAdmin):
    list_display = ("position", "name", "deadline_text", "schedule_kind", "pinned_end", "plan")
    list_filter = ("plan", "schedule_kind")
    list_select_related = ("plan", "plan__academic_year")
    search_fields = ("name", "deadline_text")
    inlines = [ResponsibleInline]
    readonly_fields = (
        "schedule_kind",
        "schedule_start",
        "schedule_end",
        "schedule_checkpoints",
        "schedule_external",
        "schedule_error",
    )


@admin.register(EvidenceKind)
class EvidenceKindAdmin(PortalAdmin):
    list_display = ("name", "position")


@admin.register(Assignment)
class AssignmentAdmin(PortalAdmin):
    list_display = ("item", "organisation", "started_at", "completed_at")
    list_select_related = ("item", "organisation")


@admin.register(Evidence)
class EvidenceAdmin(PortalAdmin):
    list_display = ("title", "assignment", "kind", "created_at")
    list_select_related = ("assignment__item", "assignment__organisation", "kind")


@admin.register(ReminderLog)
class ReminderLogAdmin(PortalAdmin):
    list_display = ("item", "organisation", "stage", "due", "sent_at")
    list_select_related = ("item", "organisation")


admin.site.register(CalendarFeed, PortalAdmin)
