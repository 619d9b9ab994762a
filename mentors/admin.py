from django.contrib import admin

from salsk_mentoring.admin import PortalAdmin

from .models import (
    FeedbackSurvey,
    Meeting,
    Mentee,
    MentorBankEntry,
    MentoringForm,
    NetworkPairRequest,
    Pair,
    Programme,
    ProgrammeTemplate,
    PublicationConsent,
    Teacher,
)


@admin.register(Teacher)
class TeacherAdmin(PortalAdmin):
    list_display = ("full_name", "organisation", "position", "subjects", "teaching_experience", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("last_name", "first_name", "middle_name", "email")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)


@admin.register(MentoringForm)
class MentoringFormAdmin(PortalAdmin):
    list_display = ("name", "mentor_role", "mentee_role", "position")


@admin.register(ProgrammeTemplate)
class ProgrammeTemplateAdmin(PortalAdmin):
    list_display = ("title", "form", "position")


@admin.register(Programme)
class ProgrammeAdmin(PortalAdmin):
    list_display = ("title", "organisation", "year", "template")
    list_select_related = ("organisation", "year", "template")
    autocomplete_fields = ("organisation",)


class ConsentInline(admin.TabularInline):
    model = PublicationConsent
    extra = 0


@admin.register(MentorBankEntry)
class MentorBankEntryAdmin(PortalAdmin):
    list_display = ("teacher", "organisation", "year", "status", "max_mentees")
    list_filter = ("status", "year")
    search_fields = ("teacher__last_name", "teacher__first_name", "competencies")
    list_select_related = ("teacher", "organisation", "year")
    raw_id_fields = ("teacher",)
    autocomplete_fields = ("organisation",)
    inlines = [ConsentInline]


@admin.register(Mentee)
class MenteeAdmin(PortalAdmin):
    list_display = ("__str__", "kind", "organisation", "is_active")
    list_filter = ("kind",)
    raw_id_fields = ("teacher",)
    autocomplete_fields = ("organisation",)
    list_select_related = ("teacher", "organisation")


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0


@admin.register(Pair)
class PairAdmin(PortalAdmin):
    list_display = ("__str__", "organisation", "year", "form", "status", "start_date", "end_date")
    list_filter = ("status", "form", "year")
    raw_id_fields = ("mentor", "mentees", "programme")
    autocomplete_fields = ("organisation",)
    list_select_related = ("mentor__teacher", "organisation", "year", "form")
    inlines = [MeetingInline]


@admin.register(FeedbackSurvey)
class FeedbackSurveyAdmin(PortalAdmin):
    list_display = ("pair", "respondent", "point", "answered_on", "satisfaction", "usefulness")
    raw_id_fields = ("pair",)


@admin.register(NetworkPairRequest)
class NetworkPairRequestAdmin(PortalAdmin):
    list_display = ("__str__", "organisation", "mentee", "mentor", "status", "requested_at")
    list_filter = ("status",)
    list_select_related = ("organisation", "mentee__teacher", "mentor__teacher")
    raw_id_fields = ("mentee", "mentor", "pair", "requested_by", "decided_by")
