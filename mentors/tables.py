import django_tables2 as tables

from salsk_mentoring.tables import YesNoColumn

from .models import Teacher


class TeacherTable(tables.Table):
    last_name = tables.Column(verbose_name="ФИО", linkify=True, order_by=("last_name", "first_name"),
                              accessor="full_name")
    organisation = tables.Column()
    young = YesNoColumn(verbose_name="молодой специалист", accessor="is_young_specialist", orderable=False)

    class Meta:
        model = Teacher
        fields = ("last_name", "organisation", "position", "subjects", "category", "teaching_experience", "young")
        order_by = ("last_name",)
