"""Import definitions of the mentors registries on the project's import base
(:class:`salsk_mentoring.imports.Importer`: prefetched lookups, validation in Python, ``bulk_create_with_history``).
django-import-export is not used by the product (docs/development.md, «Импорт и экспорт»); its declaration of
the teacher columns is the bench's anchor (bench/cases/imports.py).
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from salsk_mentoring.imports import Column, Importer, normalise
from schools.models import AcademicYear

from .models import Mentee, MentorBankEntry, MentoringForm, Pair, Teacher
from .tables import MenteeTable, MentorBankTable, PairTable, TeacherTable


def _teacher_email(teacher) -> str | None:
    return teacher.email if teacher is not None and teacher.email else None


class TeacherImporter(Importer):
    model = Teacher
    title = "Педагоги"
    update_key = "email"  # a school re-sends its staff list each year: known e-mails update their teachers
    export_table = TeacherTable
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


def _teachers(importer, **filters):
    """Teachers in the importer's scope keyed by e-mail (full objects: model clean() needs no query)."""
    qs = (
        Teacher.objects.for_user(importer.user)
        .exclude(email="")
        .filter(**filters)
        .only(
            "pk",
            "last_name",
            "first_name",
            "middle_name",
            "organisation_id",
            "is_active",
            "teaching_experience",
            "total_experience",
            "email",
            "subjects",
        )
    )
    return {normalise(t.email): t for t in qs}


def _teacher_missing(importer, cell):
    where = " вашей организации" if importer.organisation else ""
    return f"педагог с почтой «{cell}» не найден в реестре педагогов{where}."


def _form_lookup():
    """Forms of mentoring by name, however the dash between the roles is typed, and by code."""
    table = {}
    for form in MentoringForm.objects.all():
        mentor, _, mentee = form.name.partition(" – ")
        for sep in ("-", " - ", "–", " – ", "—", " — "):
            table[normalise(f"{mentor}{sep}{mentee}")] = form
        table[normalise(form.code)] = form
    return table


def _years():
    table = {}
    for year in AcademicYear.objects.all():
        table[normalise(year.name)] = year
        table[normalise(str(year.start_year))] = year
        table[normalise(f"{year.start_year}/{year.start_year + 1}")] = year
    return table


def _split(value) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]+", value or "") if part.strip()]


class MentorBankImporter(Importer):
    """The mentor bank of a year. A school's rows are proposals; a methodist's rows are included at once
    (the methodist imports the approved list of Appendix 7)."""

    model = MentorBankEntry
    title = "Банк наставников"
    export_table = MentorBankTable
    record_code = True  # export → edit → import with «Обновить существующие записи» changes these entries
    link_fields = ("forms",)
    columns = [
        Column(
            "Электронная почта педагога",
            "teacher",
            kind="lookup",
            lookup="teachers",
            required=True,
            example="ivanova@example.org",
            help="Почта педагога из реестра педагогов (для школы — своего)",
        ),
        Column(
            "Учебный год",
            "year",
            kind="lookup",
            lookup="years",
            example="2021-2022",
            help="Например 2021-2022; пусто — текущий учебный год",
        ),
        Column(
            "Компетенции и направления сопровождения",
            "competencies",
            kind="text",
            required=True,
            example="методика урока математики; классное руководство",
        ),
        Column(
            "Формы наставничества",
            "forms",
            kind="str",
            example="учитель – учитель",
            help="Через «;»: ученик – ученик; учитель – учитель; студент – ученик; работодатель – ученик; "
            "работодатель – студент",
        ),
        Column(
            "Наибольшее число наставляемых",
            "max_mentees",
            kind="int",
            min_value=1,
            max_value=10,
            default=2,
            example=2,
        ),
        Column(
            "Достижения", "achievements", kind="text", example="Победитель конкурса «Учитель года — 2019»"
        ),
        Column("Инфокарта: о наставнике", "card_text", kind="text", example="Помогу выстроить урок."),
    ]

    def export_value(self, record, column):
        if column.field == "teacher":
            return _teacher_email(record.teacher)
        if column.field == "forms":
            return "; ".join(form.name for form in record.forms.all())
        return super().export_value(record, column)

    def export_select_related(self):
        return ("teacher", "year")

    def export_prefetch_related(self):
        return ("forms",)

    def prepare(self):
        self.teachers = _teachers(self)
        self.years = _years()
        self.form_names = _form_lookup()
        self.pending_codes = {}
        self.current_year = AcademicYear.current()
        self.pending_keys = {}

    def lookup_missing(self, column, cell):
        if column.lookup == "teachers":
            return _teacher_missing(self, cell)
        return f"учебный год «{cell}» не найден (пишите так: 2021-2022)."

    def clean_row(self, values, row):
        values["year"] = values.get("year") or self.current_year
        forms = []
        for name in _split(values.pop("forms", "")):
            form = self.form_names.get(normalise(name))
            if form is None:
                self.error(row, "Формы наставничества", f"«{name}» — нет такой формы наставничества.")
            else:
                forms.append(form)
        values["_forms"] = forms
        teacher = values["teacher"]
        key = (teacher.pk, values["year"].pk)
        if key in self.pending_keys:
            self.error(
                row,
                "Электронная почта педагога",
                f"педагог уже указан в строке {self.pending_keys[key]} для того же учебного года.",
            )
        self.pending_keys[key] = row
        self.pending_codes[key] = values.get("pk")

    def build(self, values, row):
        forms = values.pop("_forms", [])
        instance = super().build(values, row)
        if instance is None:
            return None
        instance.organisation_id = values["teacher"].organisation_id
        instance.proposed_by = self.user
        if getattr(self.user, "is_methodist", False):
            instance.status = MentorBankEntry.Status.INCLUDED
            instance.decided_by = self.user
            instance.decided_on = timezone.localdate()
        instance._links = {"forms": forms}
        return instance

    def clean_batch(self, result):
        taken = {
            (teacher_id, year_id): pk
            for teacher_id, year_id, pk in MentorBankEntry.objects.unscoped(
                reason="one entry per teacher and year, across the district"
            ).filter(
                teacher_id__in=[t for t, _ in self.pending_keys],
                year_id__in={y for _, y in self.pending_keys},
            ).values_list("teacher_id", "year_id", "pk")
        }
        for key in set(taken) & set(self.pending_keys):
            if self.update and self.pending_codes.get(key) == taken[key]:
                continue  # the row updates that very entry

            self.error(
                self.pending_keys[key],
                "Электронная почта педагога",
                "педагог уже есть в банке наставников этого учебного года.",
            )



class MenteeImporter(Importer):
    model = Mentee
    title = "Наставляемые"
    export_table = MenteeTable
    record_code = True
    columns = [
        Column(
            "Кто",
            "kind",
            kind="choice",
            choices=Mentee.Kind.choices,
            required=True,
            example="молодой специалист",
        ),
        Column(
            "Электронная почта педагога",
            "teacher",
            kind="lookup",
            lookup="teachers",
            example="young@example.org",
            help="Для молодого специалиста: почта из реестра педагогов",
        ),
        Column(
            "Имя или код обучающегося",
            "name_or_code",
            max_length=100,
            example="",
            help="Для обучающегося: только имя или условный код (без фамилии)",
        ),
        Column("Класс", "grade", max_length=20, example="", help="Для обучающегося, например 7Б"),
        Column(
            "Организация",
            "organisation",
            kind="organisation",
            example="МБОУ СОШ № 1 г. Сальска",
            help="Краткое наименование; для молодого специалиста можно не указывать — берётся по педагогу",
        ),
        Column("Участвует", "is_active", kind="bool", default=True, example="да"),
    ]

    def export_value(self, record, column):
        if column.field == "teacher":
            return _teacher_email(record.teacher)
        return super().export_value(record, column)

    def export_select_related(self):
        return ("teacher", "organisation")

    def prepare(self):
        self.teachers = _teachers(self)
        self.pending_teachers = {}
        self.pending_codes = {}

    def lookup_missing(self, column, cell):
        return _teacher_missing(self, cell)

    def clean_row(self, values, row):
        teacher = values.get("teacher")
        if teacher is not None:
            if values.get("organisation") is None:
                values["organisation"] = (
                    teacher.organisation if self.organisation is None else self.organisation
                )
            if teacher.pk in self.pending_teachers:
                self.error(
                    row,
                    "Электронная почта педагога",
                    f"педагог уже указан в строке {self.pending_teachers[teacher.pk]}.",
                )
            self.pending_teachers[teacher.pk] = row
            self.pending_codes[teacher.pk] = values.get("pk")
        elif values.get("organisation") is None:
            self.error(row, "Организация", "укажите организацию обучающегося.")

    def build(self, values, row):
        teacher = values.get("teacher")
        instance = super().build(values, row)
        if instance is not None and teacher is not None:
            instance.teacher = teacher  # the prefetched object: clean() needs no query
        return instance

    def clean_batch(self, result):
        taken = dict(
            Mentee.objects.unscoped(reason="one mentee per teacher (unique_mentee_teacher), across the district")
            .filter(teacher_id__in=list(self.pending_teachers))
            .values_list("teacher_id", "pk")
        )
        for teacher_id, pk in taken.items():
            if self.update and self.pending_codes.get(teacher_id) == pk:
                continue  # the row updates that very mentee
            self.error(
                self.pending_teachers[teacher_id],
                "Электронная почта педагога",
                "педагог уже есть среди наставляемых.",
            )


class PairImporter(Importer):
    """Pairs and groups. The rules of Pair.check_rules are applied to the whole file with prefetched data."""

    model = Pair
    title = "Пары наставничества"
    export_table = PairTable
    record_code = True
    link_fields = ("mentees",)
    columns = [
        Column(
            "Электронная почта наставника",
            "mentor",
            kind="str",
            required=True,
            example="ivanova@example.org",
            help="Почта педагога, включённого в банк наставников этого учебного года",
        ),
        Column(
            "Наставляемые",
            "mentees",
            kind="str",
            required=True,
            example="young@example.org",
            help="Через «;»: почта молодого специалиста или код обучающегося из реестра наставляемых",
        ),
        Column(
            "Форма наставничества",
            "form",
            kind="lookup",
            lookup="forms",
            required=True,
            example="учитель – учитель",
        ),
        Column(
            "Учебный год",
            "year",
            kind="lookup",
            lookup="years",
            example="2021-2022",
            help="Например 2021-2022; пусто — текущий учебный год",
        ),
        Column("Начало", "start_date", kind="date", required=True, example="01.10.2021"),
        Column("Окончание", "end_date", kind="date", required=True, example="31.05.2022"),
        Column(
            "Статус",
            "status",
            kind="choice",
            choices=Pair.Status.choices,
            default=Pair.Status.ACTIVE,
            example="действует",
        ),
        Column("Причина прекращения", "termination_reason", kind="text", example=""),
        Column(
            "Сетевая пара",
            "is_network",
            kind="bool",
            default=False,
            example="нет",
            help="«да» — наставник из другой организации; разрешает только методист",
        ),
    ]

    def prepare(self):
        self.years = _years()
        self.current_year = AcademicYear.current()
        self.forms = _form_lookup()
        self.bank = {}
        for e in (
            MentorBankEntry.objects.for_user(self.user)
            .select_related("teacher")
            .only(
                "pk",
                "year_id",
                "status",
                "max_mentees",
                "organisation_id",
                "teacher__email",
                "teacher__last_name",
                "teacher__first_name",
                "teacher__middle_name",
            )
        ):
            self.bank[(normalise(e.teacher.email), e.year_id)] = e
        self.mentees = {}
        for m in (
            Mentee.objects.for_user(self.user)
            .select_related("teacher")
            .only(
                "pk",
                "organisation_id",
                "name_or_code",
                "kind",
                "teacher__email",
                "teacher__last_name",
                "teacher__first_name",
                "teacher__middle_name",
                "grade",
            )
        ):
            key = normalise(m.teacher.email) if m.teacher_id else normalise(m.name_or_code)
            self.mentees.setdefault(key, m)
        self.load = {}
        self.open_links = set()
        self.pair_links = {}  # an open pair's (mentor, mentee) links: a row updating it does not count them twice
        for pair_id, mentor_id, mentee_id in Pair.mentees.through.objects.filter(
            pair__status__in=Pair.OPEN_STATUSES
        ).values_list("pair_id", "pair__mentor_id", "mentee_id"):
            self.load[mentor_id] = self.load.get(mentor_id, 0) + 1
            self.open_links.add((mentor_id, mentee_id))
            self.pair_links.setdefault(pair_id, set()).add((mentor_id, mentee_id))

    def export_value(self, record, column):
        if column.field == "mentor":
            return _teacher_email(record.mentor.teacher) if record.mentor_id else None
        if column.field == "mentees":
            return "; ".join(
                (m.teacher.email if m.teacher_id else m.name_or_code) for m in record.mentees.all()
            )
        return super().export_value(record, column)

    def export_select_related(self):
        return ("mentor__teacher", "form", "year")

    def export_prefetch_related(self):
        return ("mentees__teacher",)

    def lookup_missing(self, column, cell):
        if column.lookup == "forms":
            return f"«{cell}» — нет такой формы наставничества."
        return f"учебный год «{cell}» не найден (пишите так: 2021-2022)."

    def clean_row(self, values, row):
        year = values.get("year") or self.current_year
        values["year"] = year
        mentor = self.bank.get((normalise(values["mentor"]), year.pk))
        if mentor is None:
            self.error(
                row,
                "Электронная почта наставника",
                f"«{values['mentor']}» нет в банке наставников {year} учебного года.",
            )
            return
        if mentor.status != MentorBankEntry.Status.INCLUDED:
            self.error(
                row, "Электронная почта наставника", "наставник не включён методистом в банк наставников."
            )
        values["mentor"] = mentor
        mentees = []
        for key in _split(values.pop("mentees")):
            mentee = self.mentees.get(normalise(key))
            if mentee is None:
                self.error(
                    row,
                    "Наставляемые",
                    f"«{key}» не найден среди наставляемых"
                    f"{' вашей организации' if self.organisation else ''}.",
                )
            else:
                mentees.append(mentee)
        values["_mentees"] = mentees
        if values.get("is_network") and not self.user.has_perm("mentors.allow_network_pair"):
            self.error(row, "Сетевая пара", "сетевую пару разрешает только методист.")
            values["is_network"] = False
        organisation_id = (
            self.organisation.pk
            if self.organisation
            else (mentees[0].organisation_id if mentees else mentor.organisation_id)
        )
        values["organisation_id"] = organisation_id
        for m in mentees:
            if m.organisation_id != organisation_id:
                self.error(
                    row, "Наставляемые", f"«{m}» из другой организации, чем остальные наставляемые пары."
                )
            elif m.organisation_id != mentor.organisation_id and not values.get("is_network"):
                self.error(
                    row,
                    "Наставляемые",
                    f"«{m}» из другой организации, чем наставник: такую сетевую пару "
                    "может разрешить только методист (столбец «Сетевая пара»).",
                )
        own = self.pair_links.pop(values.get("pk"), set()) if self.update else set()
        if own:  # the row updates an open pair: its own links are neither duplicates nor extra load
            self.open_links -= own
            for mentor_id, _ in own:
                self.load[mentor_id] = self.load.get(mentor_id, 0) - 1
        if values.get("status") in Pair.OPEN_STATUSES:
            for m in mentees:
                if (mentor.pk, m.pk) in self.open_links:
                    self.error(row, "Наставляемые", f"у наставника уже есть действующая пара с «{m}».")
                self.open_links.add((mentor.pk, m.pk))
            load = self.load.get(mentor.pk, 0) + len(mentees)
            if load > mentor.max_mentees:
                self.error(
                    row,
                    "Наставляемые",
                    f"нагрузка наставника превышена: {load} наставляемых при "
                    f"наибольшем числе {mentor.max_mentees}.",
                )
            self.load[mentor.pk] = load

    def build(self, values, row):
        mentees = values.pop("_mentees", [])
        organisation_id = values.pop("organisation_id", None)
        if not isinstance(values.get("mentor"), MentorBankEntry):
            return None
        instance = super().build(values, row)
        if instance is None:
            return None
        instance.organisation_id = organisation_id
        instance._links = {"mentees": mentees}
        return instance

    def validate_instance(self, pair):
        # The rest of Pair.check_rules (bank, load, duplicates, network) ran in clean_row on prefetched data.
        errors = {}
        if pair.start_date and pair.end_date and pair.end_date < pair.start_date:
            errors["end_date"] = "пара не может закончиться раньше, чем началась."
        if pair.status == Pair.Status.TERMINATED and not pair.termination_reason:
            errors["termination_reason"] = "укажите причину досрочного прекращения."
        if errors:
            raise ValidationError(errors)

