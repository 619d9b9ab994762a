"""«Новый учебный год» (schools.rollover) for the mentors section: the schools' programmes chosen to continue,
the mentor bank (Appendix 7) with the consents, the pairs that continue, and a year more of experience.

Decisions: a bank entry included in year Y is carried as included in Y+1 (the methodist runs the transfer);
its latest consent goes with it, as the same document — one still in force keeps the card public, one whose
term has ended leaves the new entry without a valid consent: the card is not public (152-ФЗ) and the
school sees «Обновить согласие» in «Мои задачи». Photos are not copied (a file belongs to one entry).
Pairs planned or active at the end of Y continue in Y+1 with the carried mentor entry, from 01.09."""

from django.db.models import F

from salsk_mentoring.history import copy_history
from salsk_mentoring.scoping import CHANGE
from schools.models import YearRollover, shift_date
from schools.rollover import Context, Result, rollover_choices, rollover_step

from .models import YOUNG_SPECIALIST_MAX_YEARS, MentorBankEntry, Pair, Programme, PublicationConsent, Teacher

PROGRAMMES = "Программы наставничества ОО"
BANK = "Банк наставников (приложение 7)"
PAIRS = "Пары наставничества, которые продолжаются"
EXPERIENCE = "Стаж педагогов (+1 год)"

PROGRAMME_FIELDS = ("organisation_id", "template_id", "title", "goals", "tasks", "stages", "expected_results")
ENTRY_FIELDS = ("teacher_id", "organisation_id", "competencies", "max_mentees", "achievements", "card_text")
CONSENT_FIELDS = (
    "publish_name", "publish_organisation", "publish_position", "publish_subjects", "publish_photo",
    "publish_contacts", "image_consent", "given_on", "valid_until",
)


def _in_target(ctx, model, field="year"):
    queryset = ctx.rows(model)
    return queryset.filter(**{field: ctx.target}) if ctx.target_saved else queryset.none()


@rollover_choices(label="Программы наставничества ОО, которые продолжаются в новом году")
def programme_choices(source, user):
    return [
        (p.pk, f"{p.organisation.short_name}: {p.title}")
        for p in Programme.objects.for_user(user).filter(year=source).select_related("organisation").order_by(
            "organisation__short_name", "title"
        )
    ]


@rollover_step(order=20, kind=PROGRAMMES)
def programmes(ctx: Context, apply: bool) -> Result:
    source = ctx.rows(Programme).filter(year=ctx.source).select_related("organisation").order_by(
        "organisation__short_name", "title"
    )
    if ctx.programmes is not None:
        source = source.filter(pk__in=ctx.programmes)
    have = set(_in_target(ctx, Programme).values_list("organisation_id", "template_id"))
    new = [p for p in source if (p.organisation_id, p.template_id) not in have]
    if apply and new:
        ctx.create(
            Programme,
            [Programme(year=ctx.target, approval="", **{f: getattr(p, f) for f in PROGRAMME_FIELDS}) for p in new],
        )
    return Result(
        PROGRAMMES,
        create=len(new),
        exists=len(source) - len(new) if ctx.programmes is None else len(have),
        samples=ctx.samples(f"{p.organisation.short_name}: {p.title}" for p in new),
        note="Реквизиты утверждения (приказ ОО) нового года заполняет школа." if new else "",
    )


@rollover_step(order=30, kind=BANK)
def bank(ctx: Context, apply: bool) -> Result:
    source = list(
        ctx.rows(MentorBankEntry).filter(
            year=ctx.source, status=MentorBankEntry.Status.INCLUDED, teacher__is_active=True
        )
        .select_related("teacher")
        .prefetch_related("forms", "consents")
    )
    have = set(_in_target(ctx, MentorBankEntry).values_list("teacher_id", flat=True))
    new = [e for e in source if e.teacher_id not in have]
    start = ctx.target.start_date

    def latest_consent(entry):
        consents = [c for c in entry.consents.all() if c.withdrawn_on is None]
        return max(consents, key=lambda c: (c.given_on, c.pk), default=None)

    in_force = [e for e in new if (c := latest_consent(e)) is not None and c.valid_until >= start]
    ended = [e for e in new if (c := latest_consent(e)) is not None and c.valid_until < start]
    if apply and new:
        created = ctx.create(
            MentorBankEntry,
            [
                MentorBankEntry(
                    year=ctx.target,
                    status=MentorBankEntry.Status.INCLUDED,
                    decided_by=ctx.user,
                    decided_on=ctx.day,
                    proposed_by=e.proposed_by,
                    **{f: getattr(e, f) for f in ENTRY_FIELDS},
                )
                for e in new
            ],
            links="forms",
            originals=new,
        )
        consents = []
        for n, e in zip(created, new, strict=True):
            consent = latest_consent(e)
            if consent is not None:
                consents.append(
                    PublicationConsent(
                        entry=n, recorded_by=ctx.user, **{f: getattr(consent, f) for f in CONSENT_FIELDS}
                    )
                )
        ctx.create(PublicationConsent, consents)
    note = (
        f"С действующим согласием — {len(in_force)}; согласие истекло до 01.09 — {len(ended)} "
        "(карточки не публикуются, пока школа не внесёт новое согласие); без согласия — "
        f"{len(new) - len(in_force) - len(ended)}."
        if new
        else ""
    )
    return Result(
        BANK,
        create=len(new),
        exists=len(source) - len(new),
        samples=ctx.samples(f"{e.teacher.short_name} ({e.organisation_id and e.teacher.organisation})" for e in new),
        note=note,
    )


@rollover_step(order=40, kind=PAIRS)
def pairs(ctx: Context, apply: bool) -> Result:
    source = list(
        ctx.rows(Pair).filter(year=ctx.source, status__in=Pair.OPEN_STATUSES)
        .select_related("mentor", "organisation")
        .prefetch_related("mentees")
        .order_by("organisation__short_name", "pk")
    )
    # A pair continues with its mentor's entry of the new year (carried by the bank step just before).
    entries = dict(_in_target(ctx, MentorBankEntry).values_list("teacher_id", "pk"))
    carried_teachers = set(
        ctx.rows(MentorBankEntry)
        .filter(year=ctx.source, status=MentorBankEntry.Status.INCLUDED, teacher__is_active=True)
        .values_list("teacher_id", flat=True)
    )
    have = {
        (teacher, org)
        for teacher, org in _in_target(ctx, Pair).values_list("mentor__teacher_id", "organisation_id")
    }
    new, skipped = [], 0
    for pair in source:
        key = (pair.mentor.teacher_id, pair.organisation_id)
        if key in have:
            continue
        if pair.mentor.teacher_id not in carried_teachers:
            skipped += 1  # the mentor left the bank (excluded or no longer working)
            continue
        new.append(pair)
    exists = len(source) - len(new) - skipped
    if apply and new:
        programmes = {
            (p.organisation_id, p.template_id): p.pk for p in _in_target(ctx, Programme)
        }
        old_programmes = dict(ctx.rows(Programme).filter(year=ctx.source).values_list("pk", "template_id"))
        ctx.create(
            Pair,
            [
                Pair(
                    organisation_id=p.organisation_id,
                    year=ctx.target,
                    mentor_id=entries[p.mentor.teacher_id],
                    form_id=p.form_id,
                    programme_id=programmes.get((p.organisation_id, old_programmes.get(p.programme_id))),
                    start_date=ctx.target.start_date,
                    end_date=min(max(shift_date(p.end_date, 1), ctx.target.start_date), ctx.target.end_date),
                    status=p.status,
                    is_network=p.is_network,
                )
                for p in new
            ],
            links="mentees",
            originals=new,
        )
    return Result(
        PAIRS,
        create=len(new),
        exists=exists,
        samples=ctx.samples(f"{p.organisation.short_name}: пара № {p.pk}" for p in new),
        note=f"Не переносятся: {skipped} — наставник не остаётся в банке наставников." if skipped else "",
    )


@rollover_step(order=50, kind=EXPERIENCE)
def experience(ctx: Context, apply: bool) -> Result:
    """Every working teacher gains a year of experience once per transfer: young specialists move to their
    2nd / 3rd year (and past the 3rd, out of the IOM campaigns)."""
    teachers = ctx.rows(Teacher, CHANGE).filter(is_active=True)
    if ctx.target_saved and YearRollover.objects.filter(target=ctx.target).exists():
        return Result(EXPERIENCE, exists=teachers.count(), note="Стаж уже увеличен при прошлом переходе.")
    young = teachers.filter(teaching_experience__lte=YOUNG_SPECIALIST_MAX_YEARS)
    leaving = young.filter(teaching_experience=YOUNG_SPECIALIST_MAX_YEARS).count()
    young_count = young.count()
    total = teachers.count()
    if apply:
        pks = list(teachers.values_list("pk", flat=True))
        ctx.rows(Teacher, CHANGE).filter(pk__in=pks).update(
            teaching_experience=F("teaching_experience") + 1, total_experience=F("total_experience") + 1
        )
        copy_history(Teacher, pks, history_type="~", user=ctx.user, reason=ctx.reason)
    return Result(
        EXPERIENCE,
        create=total,
        note=f"Молодых специалистов (стаж 0–{YOUNG_SPECIALIST_MAX_YEARS}): {young_count}; из них {leaving} "
        "со стажем больше 3 лет выйдут из числа молодых специалистов.",
    )
