"""Matching suggestions: mentors of the bank ranked for a young specialist, with the reasons shown."""

import heapq
import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from schools.models import AcademicYear

from .models import MentorBankEntry, Pair, Teacher

SUBJECT_SPLIT = re.compile(r"[,;/]+")


def subject_set(text: str) -> set[str]:
    return {
        part.strip().lower().replace("ё", "е") for part in SUBJECT_SPLIT.split(text or "") if part.strip()
    }


@dataclass
class Suggestion:
    entry: MentorBankEntry
    score: float
    reasons: list[str] = field(default_factory=list)
    needs_network: bool = False

    @property
    def free(self):
        return max(0, self.entry.max_mentees - (self.entry.load or 0))


def young_without_mentor(queryset):
    """Young specialists (teaching experience 0–3 years) of ``queryset`` without a planned or active pair."""
    in_pair = Pair.mentees.through.objects.filter(
        mentee__teacher=OuterRef("pk"), pair__status__in=Pair.OPEN_STATUSES
    )
    return (
        queryset.young_specialists()
        .filter(is_active=True)
        .annotate(has_mentor=Exists(in_pair))
        .filter(has_mentor=False)
    )


def candidates(*, year=None, municipality_ids=None):
    """Included mentors of the year who still have a free place (with their load), prefetched once."""
    year = year or AcademicYear.current()
    qs = (
        MentorBankEntry.objects.unscoped(reason="the district's mentor bank: matching suggests every school's")
        .filter(year=year, status=MentorBankEntry.Status.INCLUDED, teacher__is_active=True)
        .with_load()
        # Whether the mentor offers «учитель – учитель» is all the ranking needs of the forms: an EXISTS,
        # not a prefetch of every form of 300 entries.
        .annotate(
            offers_teacher_teacher=Exists(
                MentorBankEntry.forms.through.objects.filter(
                    mentorbankentry=OuterRef("pk"), mentoringform__code="teacher_teacher"
                )
            )
        )
        .select_related("teacher", "organisation")
    )
    if municipality_ids is not None:
        qs = qs.filter(organisation__municipality_id__in=municipality_ids)
    return [e for e in qs if (e.load or 0) < e.max_mentees]


def _entry_facts(entry):
    """An entry's subjects and whether it offers «учитель – учитель», worked out once per entry: a matching
    page ranks the same pool of mentors for 20 specialists."""
    facts = getattr(entry, "_matching_facts", None)
    if facts is None:
        facts = entry._matching_facts = (
            subject_set(entry.teacher.subjects),
            entry.offers_teacher_teacher
            if hasattr(entry, "offers_teacher_teacher")
            else any(f.code == "teacher_teacher" for f in entry.forms.all()),
        )
    return facts


def _assess(teacher, subjects, entry, *, explain=False):
    """The score of ``entry`` for ``teacher`` and, with ``explain``, the reasons shown for it."""
    score, reasons = 0.0, []
    entry_subjects, offers_teacher_teacher = _entry_facts(entry)
    common = subjects & entry_subjects
    if common:
        score += 4
        if explain:
            reasons.append("тот же предмет: " + ", ".join(sorted(common)))
    elif teacher.position and teacher.position == entry.teacher.position and not subjects:
        score += 2
        if explain:
            reasons.append(f"та же должность: {teacher.position}")
    if entry.organisation_id == teacher.organisation_id:
        score += 3
        if explain:
            reasons.append("работает в той же организации")
    elif entry.organisation.municipality_id == teacher.organisation.municipality_id:
        score += 1
        if explain:
            reasons.append(f"другая организация того же муниципалитета ({entry.organisation}) — сетевая пара")
    elif explain:
        reasons.append(f"другой муниципалитет ({entry.organisation}) — сетевая пара")
    free = entry.max_mentees - (entry.load or 0)
    score += min(free, 3) * 0.5
    if explain:
        reasons.append(f"нагрузка {entry.load or 0} из {entry.max_mentees}, свободно мест: {free}")
    if offers_teacher_teacher:
        score += 1
        if explain:
            reasons.append("предлагает форму «учитель – учитель»")
    if entry.teacher.category == Teacher.Category.HIGHEST:
        score += 0.5
        if explain:
            reasons.append("высшая категория")
    return score, reasons


def rank(teacher: Teacher, pool, *, limit=5) -> list[Suggestion]:
    """Rank ``pool`` for ``teacher``: subject first, then the same school / municipality, then free places.

    Every entry is scored; the reasons are worded for the ``limit`` best only (a matching page ranks a
    municipality's ≈300 mentors for each of 20 specialists)."""
    subjects = subject_set(teacher.subjects)
    scored = []
    for position, entry in enumerate(pool):
        if entry.teacher_id == teacher.pk:
            continue
        score, _ = _assess(teacher, subjects, entry)
        scored.append((-score, entry.load or 0, entry.teacher.last_name, position, entry))
    best = heapq.nsmallest(limit, scored)
    return [
        Suggestion(entry, -key, _assess(teacher, subjects, entry, explain=True)[1],
                   entry.organisation_id != teacher.organisation_id)
        for key, _, _, _, entry in best
    ]  # fmt: skip
