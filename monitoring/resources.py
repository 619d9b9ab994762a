"""XLSX import of targets (Appendix 2 of Order 866, regional and district values) on the import base.

One row — one target: «Учебный год», «Уровень», «Организация» (for the organisation level), «Код показателя»,
«Целевое значение». A row for a target that already exists updates its value (a methodist re-imports the
corrected table); everything else is added. All rows or none, each change in the target's history.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from salsk_mentoring.history import bulk_create_with_history, bulk_update_with_history
from salsk_mentoring.imports import Column, Importer, normalise
from salsk_mentoring.scoping import CHANGE
from schools.models import AcademicYear, Municipality

from .models import Indicator, Target
from .tables import TargetTable


class TargetImporter(Importer):
    model = Target
    title = "Целевые значения"
    export_table = TargetTable  # the key is natural (indicator, year, level, organisation): a known one updates
    change_reason = "Импорт целевых значений из XLSX"
    columns = [
        Column(
            "Учебный год",
            "academic_year",
            kind="lookup",
            lookup="years",
            required=True,
            example="2021-2022",
            help="Как в реестре учебных лет: 2021-2022.",
        ),
        Column(
            "Уровень",
            "level",
            kind="choice",
            choices=[
                *Target.Level.choices,
                ("region", "Регион"),
                ("district", "Район"),
                ("district", "Сальский район"),  # the level's name before targets had a municipality
                ("district", "Муниципалитет"),
            ],
            default=Target.Level.ORGANISATION,
            example="Организация",
            help="Регион, Район (целевое значение Сальского района) или Организация (по умолчанию — организация).",
        ),
        Column(
            "Организация",
            "organisation",
            kind="organisation",
            example="МБОУ СОШ № 1 г. Сальска",
            help="Краткое наименование; только для уровня «Организация».",
        ),
        Column(
            "Код показателя",
            "indicator",
            kind="lookup",
            lookup="indicators",
            required=True,
            example="Ф4",
            help="Код из реестра показателей эффективности: Ф1…Ф8, М1…",
        ),
        Column(
            "Целевое значение",
            None,
            required=True,
            example="70",
            help="Число; десятичная часть через запятую или точку. Доля — в процентах (0–100).",
        ),
        Column("Примечание", "note", max_length=300, example=""),
    ]

    def export_value(self, record, column):
        if column.field == "level":
            return record.get_level_display()
        if column.field == "indicator":
            return record.indicator.code
        if column.field is None:  # «Целевое значение»
            return record.value
        return super().export_value(record, column)

    def export_select_related(self):
        return ("indicator", "academic_year", "organisation")

    def prepare(self):
        self.years = {normalise(y.name): y for y in AcademicYear.objects.all()}
        self.indicators = {normalise(i.code): i for i in Indicator.objects.all()}
        self.existing = {
            (t.indicator_id, t.academic_year_id, t.level, t.organisation_id): t
            # Targets the user may change: a row for one outside that scope is a new target, which the import's
            # organisation check (for_user) refuses, not an overwrite of a target they cannot see.
            for t in Target.objects.for_user(self.user, CHANGE).exclude(
                level=Target.Level.DISTRICT, municipality__is_default=False
            )
        }
        self.default_municipality = Municipality.get_default()
        self.seen = {}

    def lookup_missing(self, column, cell):
        if column.lookup == "years":
            return f"учебный год «{cell}» не найден; пишите как «2021-2022»."
        return f"показатель с кодом «{cell}» не найден в реестре показателей."

    def clean_row(self, values, row):
        raw = values.get(normalise("Целевое значение"))
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
        try:
            number = Decimal(text)
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.error(row, "Целевое значение", f"«{raw}» — не число.")
            return
        values["value"] = number.quantize(Decimal("0.01"))
        if values.get("level") != Target.Level.ORGANISATION:
            if values.get("organisation") is not None:
                self.error(
                    row, "Организация", "для регионального и районного значения организация не указывается."
                )
        elif values.get("organisation") is None:
            self.error(row, "Организация", "для уровня «Организация» укажите организацию.")

    def build(self, values, row):
        if "value" not in values:
            return None
        instance = super().build(values, row)
        if instance is None:
            return None
        if instance.level == Target.Level.DISTRICT:
            instance.municipality = self.default_municipality  # the file has no municipality column
        key = (instance.indicator_id, instance.academic_year_id, instance.level, instance.organisation_id)
        if key in self.seen:
            self.error(
                row, "Код показателя", f"это целевое значение уже есть в строке {self.seen[key]} файла."
            )
            return None
        self.seen[key] = row
        current = self.existing.get(key)
        if current is not None:
            note = instance.note or current.note
            current._unchanged = (current.value, current.note) == (instance.value, note)  # re-imported as is
            current.value, current.note = instance.value, note
            return current
        return instance

    def commit(self, result):
        if result.errors:
            raise ValueError("Импорт не выполнен: в файле есть ошибки.")
        new = [t for t in result.instances if t.pk is None]
        changed = [t for t in result.instances if t.pk is not None and not getattr(t, "_unchanged", False)]
        user = self.user if getattr(self.user, "pk", None) else None
        with transaction.atomic():
            bulk_create_with_history(new, Target, user=user, reason=self.change_reason, batch_size=self.batch_size)
            if changed:
                bulk_update_with_history(
                    changed, Target, ["value", "note"], user=user, reason=self.change_reason, batch_size=self.batch_size
                )
        result.created, result.updated = len(new), len(changed)
        result.unchanged = len(result.instances) - len(new) - len(changed)
        return result.created
