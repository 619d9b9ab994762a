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

    @property
    def is_ratio(self):
        return self.denominator is not None

    @property
    def is_complete(self):
        return self.numerator is not None and (self.denominator is not None or not self.is_ratio)


COMPUTATIONS: dict[str, Computation] = {
    "young_specialists": Computation("Число молодых специалистов (реестр педагогов)", young_specialists),
    "active_teachers": Computation("Число работающих педагогов (реестр педагогов)", active_teachers),
    "young_in_pairs": Computation(
        "Молодые специалисты — наставляемые в парах / молодые специалисты",
        None,
        young_specialists,
        pending="числитель (реестр пар наставничества ещё не ведётся на портале)",
    ),
    "teachers_as_mentors": Computation(
        "Педагоги — наставники в парах / работающие педагоги",
        None,
        active_teachers,
        pending="числитель (реестр пар наставничества ещё не ведётся на портале)",
    ),
    "pairs_total": Computation(
        "Пары (группы) наставничества, всего",
        None,
        pending="значение (реестр пар наставничества ещё не ведётся на портале)",
    ),
    "pairs_teacher_teacher": Computation(
        "Пары по форме «учитель – учитель»",
        None,
        pending="значение (реестр пар наставничества ещё не ведётся на портале)",
    ),
    "pairs_student_student": Computation(
        "Пары по форме «ученик – ученик»",
        None,
        pending="значение (реестр пар наставничества ещё не ведётся на портале)",
    ),
    "young_with_approved_iom": Computation(
        "Молодые специалисты с утверждённым ИОМ / молодые специалисты",
        young_with_approved_iom,
        young_specialists,
    ),
    "mentor_bank_size": Computation(
        "Педагоги в муниципальном банке наставников",
        None,
        pending="значение (банк наставников ещё не ведётся на портале)",
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
        numerators, denominators = part(rule.numerator), part(rule.denominator)
        for org_id in org_ids:
            num = numerators.get(org_id, Decimal(0)) if numerators is not None else None
            den = denominators.get(org_id, Decimal(0)) if denominators is not None else None
            result[(indicator.pk, org_id)] = (num, den if indicator.is_ratio else None)
    return result
