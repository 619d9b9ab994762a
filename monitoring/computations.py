"""The computation layer: indicator values from the portal's registries.

Each *part* (a numerator or a denominator) is one function over querysets::

    def young_specialists(org_ids, *, year) -> dict[int, Decimal]   # organisation id → count

It runs ONE grouped query for all the organisations asked for (``org_ids=None`` — all), so a campaign of
2,000 organisations is prefilled with a handful of queries. An indicator names its rule by key
(``Indicator.computation``); a rule is a numerator and, for a share, a denominator.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from iom.models import Iom
from mentors.models import YOUNG_SPECIALIST_MAX_YEARS, MentorBankEntry, Pair, Teacher

PartFn = Callable[..., dict[int, Decimal]]


def _grouped(queryset, org_field: str, org_ids, *, distinct_field: str | None = None) -> dict[int, Decimal]:
    # Counts per organisation for the organisations the caller asks for (its campaign's, a report's): numbers
    # that prefill a form or a report, never rows shown.
    queryset = queryset.unscoped(reason="monitoring counts for the organisations asked for")
    if org_ids is not None:
        queryset = queryset.filter(**{f"{org_field}__in": list(org_ids)})
    counter = Count(distinct_field, distinct=True) if distinct_field else Count("pk")
    rows = queryset.order_by().values(org_field).annotate(n=counter).values_list(org_field, "n")
    return {org_id: Decimal(n) for org_id, n in rows}


# --- parts over mentors.Teacher ---


def active_teachers(org_ids, *, year=None):
    """Педагоги организации (работающие)."""
    return _grouped(Teacher.objects.filter(is_active=True), "organisation", org_ids)


def young_specialists(org_ids, *, year=None):
    """Молодые специалисты: педагогический стаж 0–3 года, работающие."""
    return _grouped(
        Teacher.objects.filter(is_active=True, teaching_experience__lte=YOUNG_SPECIALIST_MAX_YEARS),
        "organisation",
        org_ids,
    )


# --- parts over mentors.Pair / mentors.MentorBankEntry ---


def _year_pairs(year):
    """Pairs (groups) of the academic year that were not terminated early."""
    qs = Pair.objects.exclude(status="terminated")
    return qs.filter(year=year) if year is not None else qs


def pairs_total(org_ids, *, year=None):
    """Пары и группы наставничества учебного года (кроме прекращённых досрочно)."""
    return _grouped(_year_pairs(year), "organisation", org_ids)


def _pairs_of_form(code):
    def part(org_ids, *, year=None):
        return _grouped(_year_pairs(year).filter(form__code=code), "organisation", org_ids)

    part.__doc__ = f"Пары формы «{code}» учебного года."
    return part


pairs_teacher_teacher = _pairs_of_form("teacher_teacher")
pairs_student_student = _pairs_of_form("student_student")


def young_mentees_in_pairs(org_ids, *, year=None):
    """Молодые специалисты (работающие, стаж 0–3 года) — наставляемые в парах учебного года."""
    pairs = _year_pairs(year)
    qs = Teacher.objects.filter(
        is_active=True,
        teaching_experience__lte=YOUNG_SPECIALIST_MAX_YEARS,
        mentee_records__pairs__in=pairs,
    )
    return _grouped(qs, "organisation", org_ids, distinct_field="pk")


def teachers_mentoring(org_ids, *, year=None):
    """Работающие педагоги — наставники в парах учебного года."""
    qs = Teacher.objects.filter(is_active=True, bank_entries__pairs__in=_year_pairs(year))
    return _grouped(qs, "organisation", org_ids, distinct_field="pk")


def mentor_bank_size(org_ids, *, year=None):
    """Педагоги, включённые методистом в муниципальный банк наставников на учебный год."""
    qs = MentorBankEntry.objects.filter(status="included")
    if year is not None:
        qs = qs.filter(year=year)
    return _grouped(qs, "organisation", org_ids, distinct_field="teacher")


# --- parts over iom.Iom ---


def young_with_approved_iom(org_ids, *, year=None):
    """Молодые специалисты (работающие, стаж 0–3 года) с ИОМ на учебный год, утверждённым методистом
    (утверждён, реализуется или завершён)."""
    qs = Iom.objects.filter(
        status__in=Iom.ACCEPTED,
        specialist__is_active=True,
        specialist__teaching_experience__lte=YOUNG_SPECIALIST_MAX_YEARS,
    )
    if year is not None:
        qs = qs.filter(academic_year=year)
    return _grouped(qs, "organisation", org_ids, distinct_field="specialist")


@dataclass(frozen=True)
class Computation:
    label: str
    numerator: PartFn
    denominator: PartFn | None = None

    @property
    def is_ratio(self):
        return self.denominator is not None

COMPUTATIONS: dict[str, Computation] = {
    "young_specialists": Computation("Число молодых специалистов (реестр педагогов)", young_specialists),
    "active_teachers": Computation("Число работающих педагогов (реестр педагогов)", active_teachers),
    "young_in_pairs": Computation(
        "Молодые специалисты — наставляемые в парах / молодые специалисты",
        young_mentees_in_pairs,
        young_specialists,
    ),
    "teachers_as_mentors": Computation(
        "Педагоги — наставники в парах / работающие педагоги",
        teachers_mentoring,
        active_teachers,
    ),
    "pairs_total": Computation(
        "Пары (группы) наставничества, всего",
        pairs_total,
    ),
    "pairs_teacher_teacher": Computation(
        "Пары по форме «учитель – учитель»",
        pairs_teacher_teacher,
    ),
    "pairs_student_student": Computation(
        "Пары по форме «ученик – ученик»",
        pairs_student_student,
    ),
    "young_with_approved_iom": Computation(
        "Молодые специалисты с утверждённым ИОМ / молодые специалисты",
        young_with_approved_iom,
        young_specialists,
    ),
    "mentor_bank_size": Computation(
        "Педагоги в муниципальном банке наставников",
        mentor_bank_size,
    ),
}

COMPUTATION_CHOICES = [("", "—")] + [(key, c.label) for key, c in COMPUTATIONS.items()]


def compute(indicators, org_ids, *, year) -> dict[tuple[int, int], tuple[Decimal | None, Decimal | None]]:
    """(indicator id, organisation id) → (numerator, denominator) from the registries; one query per part.

    A share's numerator and denominator come from the registries; an organisation with no rows gives 0.
    """
    cache: dict[PartFn, dict[int, Decimal]] = {}

    def part(fn):
        if fn is None:
            return None
        if fn not in cache:
            cache[fn] = fn(org_ids, year=year)
        return cache[fn]

    result = {}
    for indicator in indicators:
        rule = COMPUTATIONS.get(indicator.computation) if indicator.is_computed else None
        if rule is None:
            continue
        numerators, denominators = part(rule.numerator), part(rule.denominator)
        for org_id in org_ids:
            num = numerators.get(org_id, Decimal(0))
            den = denominators.get(org_id, Decimal(0)) if denominators is not None else None
            result[(indicator.pk, org_id)] = (num, den if indicator.is_ratio else None)
    return result
