"""Every import of the portal, as a case the hostile and messy suites run over (``IMPORTS``)."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from iom.resources import IomRowImporter
from mentors.resources import MenteeImporter, MentorBankImporter, PairImporter, TeacherImporter
from monitoring.resources import TargetImporter


@dataclass(frozen=True)
class ImportCase:
    name: str
    importer: type
    persona: str  # who imports: a school user wherever a school may

    def url(self, world) -> str:
        if self.importer is IomRowImporter:
            return reverse("iom:iomrow_import", args=[world["iom_a"].pk])
        name = {
            TeacherImporter: "mentors:teacher_import",
            MentorBankImporter: "mentors:mentorbankentry_import",
            MenteeImporter: "mentors:mentee_import",
            PairImporter: "mentors:pair_import",
            TargetImporter: "monitoring:target_import",
        }[self.importer]
        return reverse(name)

    def headers(self):
        return [c.header for c in self.importer.columns]

    @property
    def model(self):
        return self.importer.model


IMPORTS = [
    ImportCase("педагоги", TeacherImporter, "school_a"),
    ImportCase("банк наставников", MentorBankImporter, "school_a"),
    ImportCase("наставляемые", MenteeImporter, "school_a"),
    ImportCase("пары", PairImporter, "school_a"),
    ImportCase("строки ИОМ", IomRowImporter, "school_a"),
    ImportCase("целевые значения", TargetImporter, "methodist"),  # a district figure: methodists only
]


@pytest.fixture(params=IMPORTS, ids=[case.name for case in IMPORTS])
def case(request):
    return request.param


# --- good rows of every import (the messy suite spoils them in the ways people do) --------------------------
def good_rows(case, world) -> list[list]:
    """Three rows the import accepts as the case's user, with typed values (dates as dates, numbers as int); a
    registry's trailing «Код записи» column is left empty (new records)."""
    width = len(case.importer.columns)
    return [[*row, *[None] * (width - len(row))] for row in _good_rows(case, world)]


def _good_rows(case, world) -> list[list]:
    from datetime import date

    from tests.factories import TeacherFactory
    from tests.mentors.factories import MenteeFactory, MentorBankEntryFactory

    org_a, year = world["org_a"], world["year"]
    importer = case.importer
    if importer is TeacherImporter:
        return [
            ["Сидорова", "Анна", "Ивановна", org_a.short_name, "учитель", "математика", "Первая", 12, 10,
             f"messy{n}@example.org", "8 (86372) 5-00-00", "да"]
            for n in range(3)
        ]  # fmt: skip
    if importer is MentorBankImporter:
        teachers = [TeacherFactory(organisation=org_a, total_experience=15, teaching_experience=12) for _ in range(3)]
        return [
            [t.email, year.name, "методика урока математики", "учитель – учитель", 2, "Учитель года", "Помогу"]
            for t in teachers
        ]
    if importer is MenteeImporter:
        return [["обучающийся", None, f"Код-{n}", "7Б", org_a.short_name, "да"] for n in range(3)]
    if importer is PairImporter:
        rows = []
        for _ in range(3):
            mentor = MentorBankEntryFactory(teacher=TeacherFactory(organisation=org_a), year=year)
            mentee = MenteeFactory(teacher__organisation=org_a, organisation=org_a)
            rows.append([
                mentor.teacher.email, mentee.teacher.email, "учитель – учитель", year.name,
                date(2021, 10, 1), date(2022, 5, 31), "действует", None, "нет",
            ])  # fmt: skip
        return rows
    if importer is IomRowImporter:
        return [
            [n + 1, f"Направление {n + 1}", "Задача", f"Мероприятие {n + 1}", "Консультация наставника",
             date(2022, 1 + n, 31 if n != 1 else 28), "Лист посещения", "Урок по ФГОС"]
            for n in range(3)
        ]  # fmt: skip
    if importer is TargetImporter:
        return [
            [year.name, "Организация", world["org_b"].short_name, "Т1", 50, "уточнено"],
            [year.name, "Район", None, "Т2", 300, None],
            [year.name, "Регион", None, "Т2", 250, None],
        ]
    raise AssertionError(importer)
