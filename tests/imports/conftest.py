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
