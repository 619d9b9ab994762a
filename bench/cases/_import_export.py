"""django-import-export's declaration of the teacher columns, as it comes and tuned for speed: the bench's
anchor (bench/cases/imports.py). The product does not use django-import-export (docs/development.md)."""

from import_export import fields, resources, widgets

from mentors.models import Teacher
from schools.models import Organisation


class TeacherResource(resources.ModelResource):
    """django-import-export's declaration of the teacher columns of the import template."""

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
        attribute="teaching_experience", column_name="Педагогический стаж, лет", widget=widgets.IntegerWidget()
    )
    email = fields.Field(attribute="email", column_name="Электронная почта")
    phone = fields.Field(attribute="phone", column_name="Телефон")
    is_active = fields.Field(attribute="is_active", column_name="Работает", widget=widgets.BooleanWidget())

    class Meta:
        model = Teacher
        import_id_fields = ("email",)
        fields = (
            "last_name", "first_name", "middle_name", "organisation", "position", "subjects", "category",
            "total_experience", "teaching_experience", "email", "phone", "is_active",
        )  # fmt: skip


class CachedOrganisationWidget(widgets.ForeignKeyWidget):
    """One query for all organisations instead of one per row (what the product would need)."""

    def __init__(self):
        super().__init__(Organisation, field="short_name")
        self.cache = None

    def clean(self, value, row=None, **kwargs):
        if self.cache is None:
            self.cache = {o.short_name: o for o in Organisation.objects.only("pk", "short_name")}
        return self.cache[value]


class TunedTeacherResource(TeacherResource):
    """django-import-export at its fastest: bulk writes, no lookup of existing rows, no diff, no per-row
    organisation query. (It then has neither history records nor the update mode.)"""

    organisation = fields.Field(attribute="organisation", column_name="Организация", widget=CachedOrganisationWidget())

    class Meta(TeacherResource.Meta):
        use_bulk = True
        batch_size = 1000
        force_init_instance = True
        skip_diff = True
        skip_html_diff = True
        report_skipped = False
        store_instance = False
