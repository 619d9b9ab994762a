from django.contrib import admin

from salsk_mentoring.admin import PortalAdmin

from .models import Iom, IomCampaign, IomRow, IomTemplate, IomTemplateRow, IomTransition


class IomTemplateRowInline(admin.TabularInline):
    model = IomTemplateRow
    extra = 0


@admin.register(IomTemplate)
class IomTemplateAdmin(PortalAdmin):
    list_display = ("__str__", "academic_year")
    inlines = [IomTemplateRowInline]


class IomRowInline(admin.TabularInline):
    model = IomRow
    extra = 0


class IomTransitionInline(admin.TabularInline):
    model = IomTransition
    extra = 0
    readonly_fields = ("action", "from_status", "to_status", "user", "at", "comment")
    can_delete = False


@admin.register(Iom)
class IomAdmin(PortalAdmin):
    list_display = ("specialist", "mentor", "organisation", "academic_year", "status")
    list_filter = ("status", "academic_year")
    search_fields = ("specialist__last_name", "mentor__last_name", "organisation__short_name")
    list_select_related = ("specialist", "mentor", "organisation", "academic_year")
    raw_id_fields = ("specialist", "mentor", "organisation")
    inlines = [IomRowInline, IomTransitionInline]


@admin.register(IomCampaign)
class CampaignAdmin(PortalAdmin):
    list_display = ("title", "academic_year", "deadline", "is_open")
    filter_horizontal = ("organisations",)
