from django.contrib import admin

from salsk_mentoring.admin import PortalAdmin

from .models import Teacher


@admin.register(Teacher)
class TeacherAdmin(PortalAdmin):
    list_display = ("full_name", "organisation", "position", "subjects", "teaching_experience", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("last_name", "first_name", "middle_name", "email")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
