from django.contrib import admin

from salsk_mentoring.admin import PortalAdmin

from .models import Order, OrderAppendix, OrderPoint


class PointInline(admin.TabularInline):
    model = OrderPoint
    extra = 0
    fields = ("position", "level", "text", "deadline", "duty")


class AppendixInline(admin.TabularInline):
    model = OrderAppendix
    extra = 0
    fields = ("number", "kind", "params", "title")


@admin.register(Order)
class OrderAdmin(PortalAdmin):
    list_display = ("date", "number", "title", "status", "standard")
    list_filter = ("status", "standard")
    search_fields = ("number", "title")
    inlines = [PointInline, AppendixInline]

    def has_change_permission(self, request, obj=None):
        # A signed order is not changed, not even in the back office.
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_signed)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_signed)
