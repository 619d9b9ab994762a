"""Demo execution of the event plan.

* The plan of Order 866 (2021-2022, from fixtures/040_events.json) gets a realistic execution: the district
  bodies reported on their points with orders, reports and agreements; most participating schools did, some
  left lines unreported — so the methodist sees overdue lines across the district.
* A draft copy of the plan for the current academic year 2026-2027 (years in the deadline texts moved by
  five, not published) gives «upcoming» deadlines on the dashboards and in «Мои задачи»; two «по плану …»
  items are pinned to dates by the methodist, the rest wait for pinning.
"""

import datetime
import re

from django.core.files.base import ContentFile

from salsk_mentoring.demo import DemoContext, demo_generator
from schools.models import AcademicYear, Organisation, User

from .models import Assignment, EventPlan, Evidence, EvidenceKind, PlanItem, PlanItemResponsible

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
COPY_SHIFT = 5  # 2021-2022 → 2026-2027

ORDERS = [
    "Приказ УО Сальского района от {d} № {n} «Об итогах {what}»",
    "Приказ УО Сальского района от {d} № {n} «О проведении {what}»",
]
REPORTS = {
    "Аналитическая справка": "Аналитическая справка по итогам мониторинга",
    "Информационно-аналитический отчет": "Информационно-аналитический отчёт за {period}",
    "Публикация на сетевом ресурсе": "Публикация на сайте организации",
    "Соглашение": "Трёхстороннее соглашение с ГБУ ДПО РО РИПК и ППРО и Минобразованием РО",
    "Протоколы": "Протоколы занятий ШМСиН",
    "Планы занятий": "План занятий ШМСиН на учебный год",
}


def _date_in(item, rng, fallback):
    """A plausible report date: shortly before the item's (first) deadline."""
    due = item.deadlines()[0] if item.deadlines() else fallback
    return due - datetime.timedelta(days=rng.randint(1, 20))


def _evidence_for(ctx, item, assignment, kinds, day, with_file):
    rng = ctx.rng
    kind = kinds[0] if kinds else None
    name = kind.name if kind else "Отчёт"
    if name == "Приказ управления образования":
        title = rng.choice(ORDERS).format(
            d=day.strftime("%d.%m.%Y"),
            n=rng.randint(600, 780),
            what=item.name.split("«")[-1].split("»")[0][:60] if "«" in item.name else "мероприятия",
        )
    else:
        title = REPORTS.get(name, name).format(period=f"{item.plan.academic_year} учебный год")
    ev = Evidence(
        assignment=assignment,
        kind=kind,
        title=title[:300],
        created_at=datetime.datetime.combine(day, datetime.time(10, rng.randint(0, 59)), tzinfo=datetime.UTC),
    )
    if with_file:
        ev.file = ContentFile(DEMO_PDF, name=f"p{item.position}_{assignment.organisation_id}.pdf")
    elif rng.random() < 0.5:
        ev.url = f"https://school{assignment.organisation_id}.example.org/nastavnichestvo/{item.position}"
    else:
        ev.text = f"{title}. Материалы размещены на сайте, {rng.randint(3, 25)} участников."
    return ev


def _execute(ctx, plan, *, today, done_share, files_for=()):
    rng = ctx.rng
    items = list(PlanItem.objects.filter(plan=plan).prefetch_related("responsibles", "evidence_kinds"))
    participants = list(
        Organisation.objects.filter(
            municipality=plan.municipality, is_participant=True, is_active=True
        ).order_by("pk")
    )
    assignments, evidence = [], []
    for item in items:
        kinds = list(item.evidence_kinds.all())
        orgs = []
        for resp in item.responsibles.all():
            orgs.extend(participants if resp.all_participants else [resp.organisation])
        for org in orgs:
            started = item.start and item.start <= today
            if not started:
                continue
            due = item.due or plan.period_end
            district_body = not org.is_participant
            share = 0.97 if district_body else done_share
            finished = due < today and rng.random() < share
            in_progress = not finished and rng.random() < 0.45
            if not (finished or in_progress):
                continue
            day = max(min(_date_in(item, rng, plan.period_end), today), item.start, plan.period_start)
            assignment = Assignment(
                item=item,
                organisation=org,
                started_at=max(item.start, day - datetime.timedelta(30)),
                completed_at=day if finished else None,
                state=Assignment.State.DONE if finished else Assignment.State.IN_PROGRESS,
            )
            assignments.append(assignment)
            evidence.append(_evidence_for(ctx, item, assignment, kinds, day, with_file=org.pk in files_for))
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    for ev in evidence:
        ev.assignment_id = ev.assignment.pk
    with_files = [ev for ev in evidence if ev.file]
    Evidence.objects.bulk_create([ev for ev in evidence if not ev.file], batch_size=1000)
    for ev in with_files:
        ev.save()
    return len(assignments), len(evidence)


def _current_copy(ctx, plan):
    shift = COPY_SHIFT
    start_year = plan.academic_year.start_year + shift
    year, _ = AcademicYear.objects.get_or_create(
        start_year=start_year,
        defaults={
            "start_date": datetime.date(start_year, 9, 1),
            "end_date": datetime.date(start_year + 1, 8, 31),
        },
    )
    copy = EventPlan.objects.create(
        title=plan.title,
        academic_year=year,
        municipality=plan.municipality,
        appendix_number=plan.appendix_number,
        period_start=plan.period_start.replace(year=plan.period_start.year + shift),
        period_end=plan.period_end.replace(year=plan.period_end.year + shift),
        # The plan in force this year is published: a draft reaches no school's «Мои задачи».
        is_published=True,
    )

    def shifted(text):
        return re.sub(r"20(\d\d)", lambda m: str(int(m.group(0)) + shift), text)

    for item in PlanItem.objects.filter(plan=plan).prefetch_related("responsibles", "evidence_kinds"):
        new = PlanItem(
            plan=copy,
            position=item.position,
            number=item.number,
            name=shifted(item.name),
            deadline_text=shifted(item.deadline_text),
            responsible_text=item.responsible_text,
            result=item.result,
        )
        if item.position == 10:  # «По плану ГБУ ДПО РО РИПК и ППРО»: the institute published its schedule
            new.pinned_start, new.pinned_end = (
                datetime.date(start_year, 11, 23),
                datetime.date(start_year, 12, 4),
            )
        if item.position == 16:
            new.pinned_start, new.pinned_end = (
                datetime.date(start_year + 1, 3, 24),
                datetime.date(start_year + 1, 3, 25),
            )
        new.save()
        new.evidence_kinds.set(item.evidence_kinds.all())
        PlanItemResponsible.objects.bulk_create(
            [
                PlanItemResponsible(
                    item=new,
                    position=r.position,
                    organisation_id=r.organisation_id,
                    all_participants=r.all_participants,
                )
                for r in item.responsibles.all()
            ]
        )
    return copy


# Dates the methodist pinned in 2021-2022 for «по плану/графику …» items once the schedules were published.
PINNED_2021 = {
    9: (datetime.date(2022, 1, 10), datetime.date(2022, 6, 30)),
    10: (datetime.date(2021, 12, 6), datetime.date(2021, 12, 17)),
    11: (datetime.date(2022, 1, 17), datetime.date(2022, 5, 31)),
    12: (datetime.date(2022, 1, 17), datetime.date(2022, 5, 31)),
    14: (datetime.date(2022, 6, 1), datetime.date(2022, 6, 15)),
    16: (datetime.date(2022, 3, 24), datetime.date(2022, 3, 25)),
}


def _pin_2021(plan):
    """Items 15 («По плану ЦНППМПР») stays unpinned: the methodist never got that schedule."""
    items = PlanItem.objects.filter(plan=plan, position__in=PINNED_2021).select_related("plan__academic_year")
    for item in items:
        item.pinned_start, item.pinned_end = PINNED_2021[item.position]
        item._change_reason = "уточнены сроки по графику ГБУ ДПО РО РИПК и ППРО / ЦНППМПР"
        item.save()


@demo_generator
def generate(ctx: DemoContext):
    plan = (
        EventPlan.objects.filter(order_number="866").select_related("academic_year", "municipality").first()
    )
    if plan is None:
        ctx.log("План мероприятий приказа № 866 не загружен (load_real_data) — демо-исполнение пропущено.")
        return
    if not EvidenceKind.objects.exists():
        return
    today = datetime.date.today()
    school_a = ctx.data.get("school_a")
    files_for = {school_a.pk} if school_a else set()
    _pin_2021(plan)
    n_lines, n_ev = _execute(ctx, plan, today=today, done_share=0.82, files_for=files_for)
    copy = _current_copy(ctx, plan)
    c_lines, c_ev = _execute(ctx, copy, today=today, done_share=0.9, files_for=files_for)
    methodist = User.objects.filter(username="methodist").first()
    if methodist:
        Evidence.objects.filter(created_by__isnull=True).update(created_by=methodist)
    ctx.log(
        f"План мероприятий: исполнение 2021-2022 — {n_lines} строк, {n_ev} подтверждений; "
        f"копия плана на {copy.academic_year} — {c_lines} строк в работе."
    )
