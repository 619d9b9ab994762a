"""Appendix 5 of Order 866: the plan of events, in the columns of the original table (and its outline)."""

from django.db.models import F

from salsk_mentoring.documents import AppendixContent, AppendixOutline
from salsk_mentoring.params import pk_param
from schools.models import Abbreviation

from .models import EventPlan, PlanItem

HEADERS = ["№ п.п.", "Наименование мероприятия", "Срок исполнения", "Ответственный", "Результат"]


def plan_for(params: dict, user=None):
    """The plan named by ``params["plan"]`` among those ``user`` sees (a draft: methodists and officials; without
    signing in: the published ones); without it the first published plan (Order 866's)."""
    plans = EventPlan.objects.for_user(user).select_related("academic_year")
    pk = pk_param(params or {}, "plan")
    if pk:
        return plans.filter(pk=pk).first()
    return plans.filter(is_published=True).order_by(F("order_date").asc(nulls_last=True), "pk").first()


def appendix_rows(plan, user) -> list[PlanItem]:
    return list(PlanItem.objects.for_user(user).filter(plan=plan).order_by("position"))


def glossary() -> list[Abbreviation]:
    return list(Abbreviation.objects.filter(in_glossary=True).order_by("position", "short"))


NO_PLAN_TITLE = "План проведения мероприятий"
NO_PLAN = "План мероприятий не найден."
NO_ITEMS = "В плане пока нет мероприятий."


def event_plan(*, params: dict, user) -> AppendixContent:
    """The plan as ``user`` may see it: a published plan is the same for everybody (orders read as officials)."""
    plan = plan_for(params, user)
    if plan is None:
        return AppendixContent(title=NO_PLAN_TITLE, template="", missing=NO_PLAN)
    items = appendix_rows(plan, user)
    rows = [
        [
            item.number or f"{item.position}.",
            item.name,
            item.deadline_text,
            item.responsible_text,
            item.result,
        ]
        for item in items
    ]
    return AppendixContent(
        title=plan.title,
        template="events/print/appendix_plan.html",
        context={"plan": plan, "items": items, "glossary": glossary()},
        landscape=True,
        xlsx_headers=HEADERS,
        xlsx_rows=rows,
        missing="" if items else NO_ITEMS,
    )


def event_plan_outline(*, params: dict, user) -> AppendixOutline:
    plan = plan_for(params, user)
    if plan is None:
        return AppendixOutline(title=NO_PLAN_TITLE, missing=NO_PLAN)
    present = PlanItem.objects.for_user(user).filter(plan=plan).exists()
    return AppendixOutline(title=plan.title, missing="" if present else NO_ITEMS, is_table=True)
