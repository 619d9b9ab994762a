"""Appendices 3 and 7 of Order 866, rendered from the live registries (see salsk_mentoring/documents.py)."""

from salsk_mentoring.documents import AppendixContent
from schools.models import AcademicYear

from .models import MentorBankEntry, ProgrammeTemplate, lines


def _year(params, user):
    years = AcademicYear.objects.for_user(user)
    year = years.filter(pk=params.get("year")).first() if params.get("year") else None
    return year or AcademicYear.current()


def mentor_bank(*, params: dict, user) -> AppendixContent:
    """Appendix 7: the teachers of the municipal mentor bank of an academic year (included by a methodist)."""
    year = _year(params, user)
    title = "Список педагогов, составляющих муниципальный банк педагогов-наставников"
    if year is None:
        return AppendixContent(title=title, template="", missing="Учебный год не найден.")
    title = f"{title} в {year} учебном году"
    entries = MentorBankEntry.objects.for_user(user).filter(year=year, status=MentorBankEntry.Status.INCLUDED)
    if params.get("municipality"):
        entries = entries.filter(organisation__municipality_id=params["municipality"])
    entries = list(
        entries
        .select_related("teacher", "organisation")
        .prefetch_related("forms")
        .order_by("organisation__short_name", "teacher__last_name", "teacher__first_name")
    )
    headers = [
        "№ п/п",
        "ФИО педагога",
        "Образовательная организация",
        "Должность",
        "Предметы",
        "Квалификационная категория",
        "Педагогический стаж, лет",
        "Компетенции и направления сопровождения",
    ]
    rows = [
        [
            i,
            e.teacher.full_name,
            e.organisation.short_name,
            e.teacher.position,
            e.teacher.subjects,
            e.teacher.get_category_display(),
            e.teacher.teaching_experience,
            e.competencies,
        ]
        for i, e in enumerate(entries, start=1)
    ]
    return AppendixContent(
        title=title,
        template="mentors/print/appendix_mentor_bank.html",
        context={"year": year, "entries": entries},
        landscape=True,
        xlsx_headers=headers,
        xlsx_rows=rows,
        missing="" if entries else f"В банке наставников {year} учебного года пока нет включённых педагогов.",
    )


def programme_templates(*, params: dict, user) -> AppendixContent:
    """Appendix 3: the sample programmes by the forms «учитель – учитель» and «ученик – ученик»."""
    templates = list(
        ProgrammeTemplate.objects.for_user(user).select_related("form").order_by("position", "pk")
    )
    programmes = [
        {
            "template": t,
            "tasks": lines(t.tasks),
            "stages": lines(t.stages),
            "results": lines(t.expected_results),
        }
        for t in templates
    ]
    return AppendixContent(
        title="Примерные программы по формам взаимодействия «учитель – учитель», «ученик – ученик»",
        template="mentors/print/appendix_programme_templates.html",
        context={"programmes": programmes},
        missing="" if templates else "Примерные программы не загружены (fixtures/020_mentors.json).",
    )
