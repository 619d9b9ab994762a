"""«Новый учебный год» (schools.rollover): the district event plan (Appendix 5) of the new year, a copy of the
source year's plan by the one plan copy (events.services.plan_copy): items, responsibles, deadlines a year on,
an unpublished draft for the methodist to check and publish."""

from schools.rollover import Context, Result, rollover_step

from .models import EventPlan
from .services import plan_copy

KIND = "План мероприятий (приложение 5)"


@rollover_step(order=25, kind=KIND)
def event_plan(ctx: Context, apply: bool) -> Result:
    plans = EventPlan.objects.filter(academic_year=ctx.source, appendix_number__gt=0).select_related("municipality")
    result = Result(KIND)
    existing = (
        set(EventPlan.objects.filter(academic_year=ctx.target, appendix_number__gt=0)
            .values_list("municipality_id", flat=True))
        if ctx.target_saved
        else set()
    )
    names = []
    for plan in plans.order_by("municipality__name", "pk"):
        if plan.municipality_id in existing:
            result.exists += 1
            continue
        if apply:
            copy = plan_copy(user=ctx.user, plan=plan, years=ctx.target.start_year - plan.academic_year.start_year)
            existing.add(copy.municipality_id)
        result.create += 1
        names.append(f"{plan.municipality}: {plan.items.count()} пунктов — черновик, опубликуйте после проверки")
    result.samples = ctx.samples(names)
    return result
