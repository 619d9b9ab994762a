from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from salsk_mentoring.admin import PortalAdmin

from .models import Abbreviation, AcademicYear, Membership, Municipality, Organisation, PilotParticipant, PilotProject


@admin.register(Municipality)
class MunicipalityAdmin(PortalAdmin):
    list_display = ("name", "region", "is_default")


@admin.register(Organisation)
class OrganisationAdmin(PortalAdmin):
    list_display = ("short_name", "kind", "municipality", "is_participant", "is_active")
    list_filter = ("kind", "is_participant", "is_active", "municipality")
    search_fields = ("short_name", "full_name")
    list_select_related = ("municipality",)


@admin.register(Abbreviation)
class AbbreviationAdmin(PortalAdmin):
    list_display = ("short", "full", "organisation", "position")
    list_select_related = ("organisation",)


@admin.register(AcademicYear)
class AcademicYearAdmin(PortalAdmin):
    list_display = ("name", "start_date", "end_date", "is_current")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(PilotProject)
class PilotProjectAdmin(PortalAdmin):
    list_display = ("name", "platform", "leader", "academic_year")


@admin.register(PilotParticipant)
class PilotParticipantAdmin(PortalAdmin):
    list_display = ("organisation", "project", "responsible_name")
    list_select_related = ("organisation", "project")
    autocomplete_fields = ("organisation", "declared_teachers")


from .models import User  # noqa: E402


@admin.register(User)
class PortalUserAdmin(UserAdmin, PortalAdmin):
    list_display = ("username", "last_name", "first_name", "role", "is_active")
    list_filter = ("role", "is_active")
    inlines = [MembershipInline]
    fieldsets = UserAdmin.fieldsets + (
        ("Роль на портале", {"fields": ("role", "middle_name", "position", "phone")}),
    )
