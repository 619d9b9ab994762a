"""The computation layer: indicator values from the portal's registries.

Each *part* (a numerator or a denominator) is one function over querysets::

    def young_specialists(org_ids, *, year) -> dict[int, Decimal]   # organisation id → count

It runs ONE grouped query for all the organisations asked for (``org_ids=None`` — all), so a campaign of
2,000 organisations is prefilled with a handful of queries. An indicator names its rule by key
(``Indicator.computation``); a rule is a numerator and, for a share, a denominator.

A part whose registry is not in the portal yet is ``None``: the school types that number and the form says
so. When the registry lands, the part gets its function here and nothing else changes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db.models import Count

from mentors.models import YOUNG_SPECIALIST_MAX_YEARS, Teacher

PartFn = Callable[..., dict[int, Decimal]]


def _grouped(queryset, org_field: str, org_ids, *, distinct_field: str | None = None) -> dict[int, Decimal]:
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


# --- parts over mentors.Pair / mentors.MentorBankEntry (once those registries are in the portal) ---


def registry(label: str):
    """The model ``app.Model`` when the portal has it, else None (the part is typed by the school)."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _year_pairs(year):
    """Pairs (groups) of the academic year that were not terminated early."""
    Pair = registry("mentors.Pair")
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
    Entry = registry("mentors.MentorBankEntry")
    qs = Entry.objects.filter(status="included")
    if year is not None:
        qs = qs.filter(year=year)
    return _grouped(qs, "organisation", org_ids, distinct_field="teacher")


# --- parts over iom.Iom ---


def young_with_approved_iom(org_ids, *, year=None):
    """Молодые специалисты (работающие, стаж 0–3 года) с ИОМ на учебный год, утверждённым методистом
    (утверждён, реализуется или завершён)."""
    from iom.models import Iom

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
    numerator: PartFn | None
    denominator: PartFn | None = None
    pending: str = ""  # Russian: which registry the missing part waits for
    requires: tuple = ()  # model labels the numerator needs; while one is missing the school types it

    @property
    def numerator_fn(self):
        if self.requires and not all(registry(label) for label in self.requires):
            return None
        return self.numerator

    @property
    def is_ratio(self):
        return self.denominator is not None

    @property
    def is_complete(self):
        return self.numerator_fn is not None and (self.denominator is not None or not self.is_ratio)


PAIRS = ("mentors.Pair", "mentors.Mentee", "mentors.MentorBankEntry")

COMPUTATIONS: dict[str, Computation] = {
    "young_specialists": Computation("Число молодых специалистов (реестр педагогов)", young_specialists),
    "active_teachers": Computation("Число работающих педагогов (реестр педагогов)", active_teachers),
    "young_in_pairs": Computation(
        "Молодые специалисты — наставляемые в парах / молодые специалисты",
        young_mentees_in_pairs,
        young_specialists,
        pending="числитель (реестр пар наставничества ещё не ведётся на портале)",
        requires=PAIRS,
    ),
    "teachers_as_mentors": Computation(
        "Педагоги — наставники в парах / работающие педагоги",
        teachers_mentoring,
        active_teachers,
        pending="числитель (реестр пар наставничества ещё не ведётся на портале)",
        requires=PAIRS,
    ),
    "pairs_total": Computation(
        "Пары (группы) наставничества, всего",
        pairs_total,
        pending="значение (реестр пар наставничества ещё не ведётся на портале)",
        requires=PAIRS,
    ),
    "pairs_teacher_teacher": Computation(
        "Пары по форме «учитель – учитель»",
        pairs_teacher_teacher,
        pending="значение (реестр пар наставничества ещё не ведётся на портале)",
        requires=PAIRS,
    ),
    "pairs_student_student": Computation(
        "Пары по форме «ученик – ученик»",
        pairs_student_student,
        pending="значение (реестр пар наставничества ещё не ведётся на портале)",
        requires=PAIRS,
    ),
    "young_with_approved_iom": Computation(
        "Молодые специалисты с утверждённым ИОМ / молодые специалисты",
        young_with_approved_iom,
        young_specialists,
    ),
    "mentor_bank_size": Computation(
        "Педагоги в муниципальном банке наставников",
        mentor_bank_size,
        pending="значение (банк наставников ещё не ведётся на портале)",
        requires=("mentors.MentorBankEntry",),
    ),
}

COMPUTATION_CHOICES = [("", "—")] + [(key, c.label) for key, c in COMPUTATIONS.items()]


def compute(indicators, org_ids, *, year) -> dict[tuple[int, int], tuple[Decimal | None, Decimal | None]]:
    """(indicator id, organisation id) → (numerator, denominator) from the registries; one query per part.

    A part without a function gives ``None`` (typed by the school); an organisation with no rows gives 0.
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
        numerators, denominators = part(rule.numerator_fn), part(rule.denominator)
        for org_id in org_ids:
            num = numerators.get(org_id, Decimal(0)) if numerators is not None else None
            den = denominators.get(org_id, Decimal(0)) if denominators is not None else None
            result[(indicator.pk, org_id)] = (num, den if indicator.is_ratio else None)
    return result
