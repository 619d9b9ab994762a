import django_tables2 as tables
from django.utils.html import format_html

from salsk_mentoring.tables import DateColumn, YesNoColumn

from .models import (
    Mentee,
    MentorBankEntry,
    MentoringForm,
    NetworkPairRequest,
    Pair,
    Programme,
    ProgrammeTemplate,
    Teacher,
)


class TeacherTable(tables.Table):
    last_name = tables.Column(
        verbose_name="ФИО", linkify=True, order_by=("last_name", "first_name"), accessor="full_name"
    )
    organisation = tables.Column()
    young = YesNoColumn(verbose_name="Молодой специалист", accessor="is_young_specialist", orderable=False)

    class Meta:
        model = Teacher
        fields = (
            "last_name",
            "organisation",
            "position",
            "subjects",
            "category",
            "teaching_experience",
            "young",
        )
        order_by = ("last_name",)


class MentorBankTable(tables.Table):
    teacher = tables.Column(
        verbose_name="Наставник",
        linkify=lambda record: record.get_absolute_url(),
        accessor="teacher__full_name",
        order_by=("teacher__last_name", "teacher__first_name"),
    )
    organisation = tables.Column()
    competencies = tables.Column()
    load = tables.Column(verbose_name="Нагрузка", accessor="load", orderable=False)
    published = tables.Column(verbose_name="Публикуется", accessor="public_consent_id", orderable=False)
    status = tables.Column()

    class Meta:
        model = MentorBankEntry
        fields = (
            "teacher",
            "organisation",
            "competencies",
            "load",
            "status",
            "published",
        )
        order_by = ("teacher",)

    def render_load(self, record):
        return f"{record.load or 0} из {record.max_mentees}"

    def value_load(self, record):
        return f"{record.load or 0} из {record.max_mentees}"

    def render_published(self, value):
        return "да" if value else "нет"

    def value_published(self, value):
        return "да" if value else "нет"

    def render_competencies(self, value):
        return value if len(value) <= 60 else value[:57] + "…"

    def value_competencies(self, value):
        return value  # the exports carry the whole text: «…» is for the screen only


class MenteeTable(tables.Table):
    name = tables.Column(
        verbose_name="Наставляемый",
        linkify=lambda record: record.get_absolute_url(),
        accessor="pk",
        order_by=("teacher__last_name", "name_or_code"),
    )
    kind = tables.Column()
    grade = tables.Column()
    organisation = tables.Column()
    mentor = tables.Column(
        verbose_name="Наставник сейчас", accessor="current_mentor", orderable=False, default="—"
    )
    is_active = YesNoColumn()

    class Meta:
        model = Mentee
        fields = ("name", "kind", "grade", "organisation", "mentor", "is_active")

    def render_name(self, record):
        return str(record)

    def value_name(self, record):
        return str(record)


class PairTable(tables.Table):
    number = tables.Column(verbose_name="№", accessor="pk", linkify=lambda record: record.get_absolute_url())
    mentor = tables.Column(
        verbose_name="Наставник",
        accessor="mentor__teacher__short_name",
        order_by=("mentor__teacher__last_name",),
    )
    mentees = tables.ManyToManyColumn(verbose_name="Наставляемые", orderable=False)
    organisation = tables.Column()
    start_date = DateColumn()
    end_date = DateColumn()
    status = tables.Column()
    last_meeting = DateColumn(verbose_name="Последняя встреча", default="—")

    class Meta:
        model = Pair
        fields = (
            "number",
            "mentor",
            "mentees",
            "organisation",
            "start_date",
            "end_date",
            "status",
            "last_meeting",
        )
        order_by = ("-start_date",)

    print_exclude = ("number",)  # the list PDF numbers its rows («№ п/п»): one number column, not two

    def render_status(self, record, value):
        css = {"active": "success", "planned": "secondary", "completed": "primary", "terminated": "danger"}
        return format_html('<span class="badge text-bg-{}">{}</span>', css.get(record.status, "light"), value)


class ProgrammeTable(tables.Table):
    title = tables.Column(linkify=True)
    organisation = tables.Column()
    year = tables.Column()
    template = tables.Column()
    approval = tables.Column()

    class Meta:
        model = Programme
        fields = ("title", "organisation", "year", "template", "approval")


class MentoringFormTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = MentoringForm
        fields = ("position", "name", "mentor_role", "mentee_role", "description")
        order_by = ("position",)


class ProgrammeTemplateTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = ProgrammeTemplate
        fields = ("position", "title", "form", "duration")
        order_by = ("position",)


class NetworkPairRequestTable(tables.Table):
    number = tables.Column(verbose_name="№", accessor="pk", linkify=lambda record: record.get_absolute_url())
    requested_at = tables.DateTimeColumn(verbose_name="Отправлен", format="d.m.Y")
    organisation = tables.Column()
    mentee = tables.Column(accessor="mentee__teacher__short_name", verbose_name="Наставляемый", default="—")
    mentor = tables.Column(
        verbose_name="Наставник", accessor="mentor__teacher__short_name", order_by=("mentor__teacher__last_name",)
    )
    mentor_organisation = tables.Column(verbose_name="Организация наставника", accessor="mentor__organisation")
    status = tables.Column()

    class Meta:
        model = NetworkPairRequest
        fields = ("number", "requested_at", "organisation", "mentee", "mentor", "mentor_organisation", "status")
        order_by = ("-requested_at",)

    def render_status(self, record, value):
        css = {"pending": "warning", "accepted": "success", "declined": "danger"}
        return format_html('<span class="badge text-bg-{}">{}</span>', css.get(record.status, "light"), value)
