"""Import and export definitions of the mentors registries.

The fast import path is :class:`salsk_mentoring.imports.Importer` (prefetched lookups, validation in
Python, ``bulk_create_with_history``). ``TeacherResource`` is the django-import-export declaration of the
same columns: it serves the admin's import/export and the benchmark's «defaults» baseline.
"""

from import_export import fields, resources, widgets

from salsk_mentoring.imports import Column, Importer
from schools.models import Organisation

from .models import Teacher


class TeacherImporter(Importer):
    model = Teacher
    title = "Педагоги"
    columns = [
        Column("Фамилия", "last_name", required=True, max_length=100, example="Иванова"),
        Column("Имя", "first_name", required=True, max_length=100, example="Мария"),
        Column("Отчество", "middle_name", max_length=100, example="Петровна"),
        Column(
            "Организация",
            "organisation",
            kind="organisation",
            required=True,
            example="МБОУ СОШ № 1 г. Сальска",
        ),
        Column("Должность", "position", required=True, max_length=200, example="учитель"),
        Column(
            "Предметы", "subjects", max_length=300, example="математика, информатика", help="Через запятую"
        ),
        Column(
            "Квалификационная категория",
            "category",
            kind="choice",
            choices=Teacher.Category.choices,
            default=Teacher.Category.NONE,
            example="Первая",
        ),
        Column(
            "Общий стаж, лет",
            "total_experience",
            kind="int",
            required=True,
            min_value=0,
            max_value=70,
            example=12,
        ),
        Column(
            "Педагогический стаж, лет",
            "teaching_experience",
            kind="int",
            required=True,
            min_value=0,
            max_value=70,
            example=10,
        ),
        Column(
            "Электронная почта",
            "email",
            kind="email",
            unique=True,
            max_length=254,
            example="ivanova@example.org",
        ),
        Column("Телефон", "phone", max_length=50, example="8 (86372) 5-00-00"),
        Column("Работает", "is_active", kind="bool", default=True, example="да"),
    ]


class TeacherResource(resources.ModelResource):
    """django-import-export declaration of the teacher columns (admin, benchmark baseline)."""

    organisation = fields.Field(
        attribute="organisation",
        column_name="Организация",
        widget=widgets.ForeignKeyWidget(Organisation, field="short_name"),
    )
    last_name = fields.Field(attribute="last_name", column_name="Фамилия")
    first_name = fields.Field(attribute="first_name", column_name="Имя")
    middle_name = fields.Field(attribute="middle_name", column_name="Отчество")
    position = fields.Field(attribute="position", column_name="Должность")
    subjects = fields.Field(attribute="subjects", column_name="Предметы")
    category = fields.Field(attribute="category", column_name="Квалификационная категория")
    total_experience = fields.Field(
        attribute="total_experience", column_name="Общий стаж, лет", widget=widgets.IntegerWidget()
    )
    teaching_experience = fields.Field(
        attribute="teaching_experience",
        column_name="Педагогический стаж, лет",
        widget=widgets.IntegerWidget(),
    )
    email = fields.Field(attribute="email", column_name="Электронная почта")
    phone = fields.Field(attribute="phone", column_name="Телефон")
    is_active = fields.Field(attribute="is_active", column_name="Работает", widget=widgets.BooleanWidget())

    class Meta:
        model = Teacher
        import_id_fields = ()
        fields = (
            "last_name",
            "first_name",
            "middle_name",
            "organisation",
            "position",
            "subjects",
            "category",
            "total_experience",
            "teaching_experience",
            "email",
            "phone",
            "is_active",
        )
