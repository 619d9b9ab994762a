"""Demo monitoring: 2020-2021 results, 2021-2022 targets, campaigns December 2021 and May 2022.

All numbers here are INVENTED for trying the portal: the real values of appendices 1 and 2 of Order 866
are not in the portal's sources and are entered (or imported from XLSX) by the methodists.
Computed values are taken from the demo registries exactly as a school's form would get them.
"""

import datetime
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from salsk_mentoring.demo import DemoContext, demo_generator
from schools.models import AcademicYear, Municipality, Organisation, User

from .models import Indicator, MonitoringCampaign, Submission, SubmissionValue, Target
from .services import build_submissions

# code → (region 2020-21, region 2021-22, district 2020-21, district 2021-22); None — no target
TARGETS = {
    "Ф1": (20, 30, 25, 35),
    "Ф2": (20, 30, None, None),
    "Ф3": (10, 15, 10, 15),
    "Ф4": (50, 60, 60, 70),
    "Ф5": (10, 15, 12, 18),
    "Ф6": (None, None, 10, 15),
    "Ф7": (80, 85, 85, 88),
    "Ф8": (80, 85, 85, 88),
    "М2": (None, None, 300, 420),
    "М3": (None, None, 120, 170),
    "М4": (None, None, 110, 160),
    "М5": (None, None, 80, 100),
    "М6": (None, None, 40, 60),
    "М7": (None, None, 10, 20),
}
# How far a school typically gets towards the district's share (2020-21, 2021-22 May).
PROGRESS = {2020: 0.9, 2021: 1.0}


def _d(x) -> Decimal:
    return Decimal(str(round(x, 2)))


class Filler:
    """Plausible numbers for the parts the registries do not give yet; computed parts stay as computed."""

    def __init__(self, ctx, year_start, sizes, *, interim=False):
        self.rng, self.year_start, self.sizes = ctx.rng, year_start, sizes
        self.scale = PROGRESS[min(year_start, 2021)] * (0.6 if interim else 1.0)

    def share(self, code):
        district = TARGETS.get(code, (None,) * 4)[3 if self.year_start >= 2021 else 2] or 20
        return max(0.0, min(1.0, district / 100 * self.scale * self.rng.uniform(0.7, 1.3)))

    def __call__(self, row, org_id):
        ind, rng = row.indicator, self.rng
        if (
            self.year_start < 2021
            and ind.is_computed
            and ind.computation not in ("young_specialists", "active_teachers")
        ):
            # 2020-2021 was reported on paper before the portal's pair, bank and IOM registries existed:
            # the school typed these numbers (the registries hold nothing for that year).
            row.numerator = row.computed_numerator = None
            if not ind.is_ratio:
                row.value = None
        teachers = self.sizes.get(org_id, 20)
        school = self.kind.get(org_id) == Organisation.Kind.SCHOOL
        code = ind.code
        if ind.is_ratio:
            if row.denominator is None:
                students = rng.randint(180, 900) if school else 0
                row.denominator = _d({"Ф1": students, "Ф2": 0, "Ф3": students // 3}.get(code, teachers))
            if row.numerator is None:
                row.numerator = _d(int(row.denominator * Decimal(self.share(code))))
            row.numerator = min(row.numerator, row.denominator)
            row.recalculate()
        elif row.value is None:
            if ind.unit == Indicator.Unit.PERCENT:
                row.value = _d(min(100, rng.uniform(70, 98) * (0.97 if self.year_start < 2021 else 1)))
            elif code == "Ф6":
                row.value = _d(rng.choice([0, 0, 0, 0, 0, 1, 1, 2]))
            elif code in ("М2", "М3", "М4"):
                base = max(1, teachers // 4) * self.scale
                row.value = _d(int(base * {"М2": 1.0, "М3": 0.45, "М4": 0.4}[code] * rng.uniform(0.6, 1.3)))
            elif code == "М6":
                row.value = _d(rng.randint(0, 3))
            else:
                row.value = _d(rng.choice([0, 0, 0, 1]))


def _targets(ctx, indicators, years, orgs, sizes):
    rows = []
    by_code = {i.code: i for i in indicators}
    for code, (r20, r21, d20, d21) in TARGETS.items():
        ind = by_code.get(code)
        if ind is None:
            continue
        for year, region, district in ((years[0], r20, d20), (years[1], r21, d21)):
            if region is not None:
                rows.append(
                    Target(indicator=ind, academic_year=year, level=Target.Level.REGION, value=_d(region))
                )
            if district is not None:
                rows.append(
                    Target(indicator=ind, academic_year=year, level=Target.Level.DISTRICT,
                           municipality=Municipality.get_default(), value=_d(district))  # fmt: skip
                )
        # Appendix 2: each organisation's targets for 2021-2022.
        if d21 is None:
            continue
        total = sum(sizes.get(o.pk, 20) for o in orgs) or 1
        for org in orgs:
            if ind.group == Indicator.Group.STUDENTS and org.kind != Organisation.Kind.SCHOOL:
                continue  # students aged 10–18: schools only
            if ind.unit == Indicator.Unit.PERCENT:
                value = max(0, min(100, d21 + ctx.rng.choice([-10, -5, 0, 0, 5, 10])))
            else:
                value = max(0, round(d21 * sizes.get(org.pk, 20) / total))
            rows.append(Target(indicator=ind, academic_year=years[1], organisation=org, value=_d(value)))
    Target.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _campaign(
    ctx,
    *,
    name,
    year,
    period,
    kind,
    opens_on,
    deadline,
    indicators,
    orgs,
    sizes,
    kinds,
    status_mix,
    special=None,
    interim=False,
):
    campaign = MonitoringCampaign.objects.create(
        name=name,
        academic_year=year,
        period=period,
        kind=kind,
        opens_on=opens_on,
        deadline=deadline,
        description="Заполните значения показателей эффективности целевой модели наставничества на дату "
        "мониторинга. Вычисляемые показатели подставлены из реестров портала — проверьте их.",
        created_by=ctx.data.get("methodist"),
    )
    campaign.indicators.set(indicators)
    campaign.organisations.set(orgs)
    filler = Filler(ctx, year.start_year, sizes, interim=interim)
    filler.kind = kinds
    build_submissions(campaign, fill=filler)
    campaign.status = MonitoringCampaign.Status.OPEN
    campaign.opened_at = timezone.make_aware(datetime.datetime.combine(opens_on, datetime.time(9)))
    campaign.save(update_fields=["status", "opened_at"])
    methodist = ctx.data.get("methodist")
    subs = list(campaign.submissions.all())
    for sub in subs:
        status = (special or {}).get(sub.organisation_id) or ctx.rng.choices(
            list(status_mix), weights=list(status_mix.values())
        )[0]
        sub.status = status
        if status != Submission.Status.DRAFT:
            day = deadline + datetime.timedelta(days=ctx.rng.choice([-6, -4, -2, -1, 0, 0, 1, 3]))
            sub.submitted_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 30)))
            sub.submitted_by = None
        if status in (Submission.Status.ACCEPTED, Submission.Status.RETURNED):
            sub.reviewed_at = sub.submitted_at + datetime.timedelta(days=2)
            sub.reviewed_by = methodist
        if status == Submission.Status.RETURNED:
            sub.return_comment = ctx.rng.choice(
                [
                    "Ф1: знаменатель не совпадает с численностью обучающихся 10–18 лет по ОО-1. Уточните.",
                    "Не приложены результаты анкетирования удовлетворённости (Ф7, Ф8) — уточните значения.",
                    "Число пар «учитель – учитель» больше общего числа пар. Проверьте М2 и М3.",
                ]
            )
    Submission.objects.bulk_update(
        subs,
        ["status", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by", "return_comment"],
        batch_size=1000,
    )
    return campaign


@demo_generator
def generate(ctx: DemoContext):
    indicators = list(Indicator.objects.filter(is_active=True).order_by("position"))
    years = [AcademicYear.objects.filter(start_year=y).first() for y in (2020, 2021)]
    if not indicators or None in years:
        ctx.log(
            "Мониторинг: нет показателей или учебных лет 2020-2021/2021-2022 (load_real_data), пропускаю."
        )
        return
    ctx.data["methodist"] = User.objects.filter(username="methodist").first()
    orgs = Organisation.objects.filter(
        is_participant=True, is_active=True, kind__in=Organisation.EDUCATIONAL_KINDS
    )
    if not ctx.is_region:
        orgs = orgs.filter(municipality__name="Сальский район")
    orgs = list(orgs.order_by("pk"))
    sizes = dict(
        Organisation.objects.filter(pk__in=[o.pk for o in orgs])
        .annotate(n=Count("teachers"))
        .values_list("pk", "n")
    )
    kinds = {o.pk: o.kind for o in orgs}
    n_targets = _targets(ctx, indicators, years, orgs, sizes)

    S = Submission.Status
    school_a, school_b = ctx.data.get("school_a"), ctx.data.get("school_b")
    common = {"indicators": indicators, "orgs": orgs, "sizes": sizes, "kinds": kinds}
    may21 = _campaign(
        ctx,
        name="Итоговый мониторинг реализации целевой модели наставничества, май 2021",
        year=years[0],
        period="май 2021",
        kind=MonitoringCampaign.Kind.FINAL,
        opens_on=datetime.date(2021, 5, 4),
        deadline=datetime.date(2021, 5, 20),
        status_mix={S.ACCEPTED: 1},
        **common,
    )
    may21.status = MonitoringCampaign.Status.CLOSED
    may21.conclusions = (
        "Целевая модель наставничества внедрена во всех общеобразовательных организациях района. "
        "Доля молодых специалистов, вошедших в программы наставничества, ниже районного целевого значения: "
        "рекомендовано закрепить наставника за каждым молодым специалистом до 01.12.2021 (п. 3.3 приказа)."
    )
    may21.save(update_fields=["status", "conclusions"])
    dec21 = _campaign(
        ctx,
        name="Мониторинг процесса реализации программ наставничества, декабрь 2021",
        year=years[1],
        period="Декабрь 2021",
        kind=MonitoringCampaign.Kind.INTERIM,
        opens_on=datetime.date(2021, 12, 1),
        deadline=datetime.date(2021, 12, 20),
        status_mix={S.ACCEPTED: 9, S.DRAFT: 1},
        interim=True,
        special={school_a.pk: S.ACCEPTED, school_b.pk: S.ACCEPTED} if school_a and school_b else None,
        **common,
    )
    dec21.status = MonitoringCampaign.Status.CLOSED
    dec21.save(update_fields=["status"])
    may22 = _campaign(
        ctx,
        name="Мониторинг процесса реализации программ наставничества, май 2022",
        year=years[1],
        period="май 2022",
        kind=MonitoringCampaign.Kind.FINAL,
        opens_on=datetime.date(2022, 5, 4),
        deadline=datetime.date(2022, 5, 25),
        status_mix={S.ACCEPTED: 6, S.SUBMITTED: 2, S.RETURNED: 1, S.DRAFT: 1},
        special={school_a.pk: S.DRAFT, school_b.pk: S.SUBMITTED} if school_a and school_b else None,
        **common,
    )
    values = SubmissionValue.objects.filter(submission__campaign__in=[may21, dec21, may22]).count()
    ctx.log(f"Мониторинг: {n_targets} целевых значений, 3 мониторинга, {values} значений показателей.")
