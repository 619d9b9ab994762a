"""Appendices 3 and 7 of Order 866, rendered from the live registries (see salsk_mentoring/documents/appendix.py),
and their outlines for the order's card (the same title and missing state, no rows)."""

from salsk_mentoring.documents import AppendixContent, AppendixOutline
from schools.models import AcademicYear

from .models import MentorBankEntry, ProgrammeTemplate, lines


def _year(params, user):
    years = AcademicYear.objects.for_user(user)
    year = years.filter(pk=params.get("year")).first() if params.get("year") else None
    return year or AcademicYear.current()


BANK_TITLE = "Список педагогов, составляющих муниципальный банк педагогов-наставников"
NO_YEAR = "Учебный год не найден."


def bank_entries(params, user, year):
    entries = MentorBankEntry.objects.for_user(user).filter(year=year, status=MentorBankEntry.Status.INCLUDED)
    if params.get("municipality"):
        entries = entries.filter(organisation__municipality_id=params["municipality"])
    return entries


def bank_empty(year) -> str:
    return f"В банке наставников {year} учебного года пока нет включённых педагогов."


def mentor_bank(*, params: dict, user) -> AppendixContent:
    """Appendix 7: the teachers of the municipal mentor bank of an academic year (included by a methodist)."""
    year = _year(params, user)
    if year is None:
        return AppendixContent(title=BANK_TITLE, template="", missing=NO_YEAR)
    title = f"{BANK_TITLE} в {year} учебном году"
    entries = list(
        bank_entries(params, user, year)
        .select_related("teacher", "organisation")  # the forms are not printed: no prefetch
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
        missing="" if entries else bank_empty(year),
    )


def mentor_bank_outline(*, params: dict, user) -> AppendixOutline:
    year = _year(params, user)
    if year is None:
        return AppendixOutline(title=BANK_TITLE, missing=NO_YEAR)
    present = bank_entries(params, user, year).exists()
    return AppendixOutline(
        title=f"{BANK_TITLE} в {year} учебном году", missing="" if present else bank_empty(year), is_table=True
    )


PROGRAMMES_TITLE = "Примерные программы по формам взаимодействия «учитель – учитель», «ученик – ученик»"
NO_PROGRAMMES = "Примерные программы не загружены (fixtures/020_mentors.json)."


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
        title=PROGRAMMES_TITLE,
        template="mentors/print/appendix_programme_templates.html",
        context={"programmes": programmes},
        missing="" if templates else NO_PROGRAMMES,
    )


def programme_templates_outline(*, params: dict, user) -> AppendixOutline:
    present = ProgrammeTemplate.objects.for_user(user).exists()
    return AppendixOutline(title=PROGRAMMES_TITLE, missing="" if present else NO_PROGRAMMES)
