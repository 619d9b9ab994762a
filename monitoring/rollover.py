"""«Новый учебный год» (schools.rollover): the indicator targets (Appendix 2) kept for the new year — the same
values for the same indicators, organisations and levels, where the new year has none yet."""

from schools.rollover import Context, Result, rollover_step

from .models import Target

KIND = "Целевые значения показателей (приложение 2)"
FIELDS = ("indicator_id", "level", "organisation_id", "municipality_id", "value", "note")


def _key(target):
    return (target.indicator_id, target.level, target.organisation_id, target.municipality_id)


@rollover_step(order=70, kind=KIND)
def targets(ctx: Context, apply: bool) -> Result:
    source = list(Target.objects.filter(academic_year=ctx.source).only("pk", "academic_year_id", *FIELDS))
    have = (
        {_key(t) for t in Target.objects.filter(academic_year=ctx.target).only("pk", *FIELDS)}
        if ctx.target_saved
        else set()
    )
    new = [t for t in source if _key(t) not in have]
    if apply and new:
        ctx.create(Target, [Target(academic_year=ctx.target, **{f: getattr(t, f) for f in FIELDS}) for t in new])
    return Result(
        KIND,
        create=len(new),
        exists=len(source) - len(new),
        note="Значения перенесены без изменений: скорректируйте их в реестре целевых значений." if new else "",
    )
