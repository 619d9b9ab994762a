"""«Новый учебный год» (schools.rollover): the IOM template (Appendix 4) of the new year, copied from the
latest earlier one when the new year has none."""

from schools.rollover import Context, Result, rollover_step

from .models import IomTemplate
from .services import iom_template_copy, rows_text

KIND = "Шаблон ИОМ (приложение 4)"


@rollover_step(order=60, kind=KIND)
def iom_template(ctx: Context, apply: bool) -> Result:
    existing = IomTemplate.objects.filter(academic_year=ctx.target).first() if ctx.target_saved else None
    if existing is not None:
        return Result(KIND, exists=1, samples=[f"{existing}: {rows_text(existing.rows.count())}"])
    source = (
        IomTemplate.objects.filter(academic_year__start_year__lte=ctx.source.start_year)
        .select_related("academic_year")
        .order_by("-academic_year__start_year")
        .first()
    )
    if source is None:
        return Result(KIND, note="Шаблона ИОМ прошлых лет нет: создайте шаблон на новый год вручную.")
    if apply:
        _, rows = iom_template_copy(user=ctx.user, source=source, academic_year=ctx.target)
    else:
        rows = source.rows.count()
    sample = f"из шаблона на {source.academic_year}: {rows_text(rows)}, сроки — в новом учебном году"
    return Result(KIND, create=1, samples=[sample])
