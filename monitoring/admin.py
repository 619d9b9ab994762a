from django.contrib import admin

from salsk_mentoring.admin import PortalAdmin

from .models import Indicator, MonitoringCampaign, Submission, SubmissionValue, Target


@admin.register(Indicator)
class IndicatorAdmin(PortalAdmin):
    list_display = ("code", "short_name", "unit", "source", "origin", "is_active")
    list_filter = ("origin", "source", "group", "is_active")
    search_fields = ("code", "name", "short_name")


@admin.register(Target)
class TargetAdmin(PortalAdmin):
    list_display = ("indicator", "academic_year", "level", "organisation", "value")
    list_filter = ("academic_year", "level", "indicator")
    list_select_related = ("indicator", "academic_year", "organisation")
    autocomplete_fields = ("organisation",)


@admin.register(MonitoringCampaign)
class CampaignAdmin(PortalAdmin):
    list_display = ("name", "academic_year", "period", "kind", "status", "deadline")
    list_filter = ("academic_year", "kind", "status")
    filter_horizontal = ("indicators",)
    autocomplete_fields = ("organisations",)


class SubmissionValueInline(admin.TabularInline):
    model = SubmissionValue
    extra = 0
    fields = ("indicator", "numerator", "denominator", "value", "comment")
    readonly_fields = ("indicator",)


@admin.register(Submission)
class SubmissionAdmin(PortalAdmin):
    list_display = ("organisation", "campaign", "status", "submitted_at")
    list_filter = ("campaign", "status")
    list_select_related = ("organisation", "campaign")
    inlines = [SubmissionValueInline]
