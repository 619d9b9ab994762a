"""Demo IOMs: routes of the young specialists of the demo district (≈25,000 at region scale)
in every status of the workflow, and an open campaign for the pilot organisations (deadline 01.12.2021)."""

import datetime

from django.utils import timezone

from mentors.models import YOUNG_SPECIALIST_MAX_YEARS, MentorBankEntry, Pair, Teacher
from salsk_mentoring.demo import DemoContext, demo_generator
from schools.models import AcademicYear, Organisation, PilotParticipant, User

from .models import Iom, IomCampaign, IomRow, IomTemplate, IomTransition

S = Iom.Status
# Share of each status among the routes (sums to 100).
STATUS_WEIGHTS = [
    (S.DRAFT, 10),
    (S.AGREED, 5),
    (S.SUBMITTED, 15),
    (S.RETURNED, 8),
    (S.APPROVED, 20),
    (S.IN_PROGRESS, 30),
    (S.COMPLETED, 12),
]
DEFICITS = [
    "Затруднения в постановке целей и планируемых результатов урока по ФГОС.",
    "Недостаточное владение приёмами организации дисциплины на уроке.",
    "Трудности в подборе заданий на формирование функциональной грамотности.",
    "Слабое владение критериальным оцениванием и формами текущего контроля.",
    "Затруднения во взаимодействии с родителями обучающихся.",
    "Недостаточный опыт ведения школьной документации и электронного журнала.",
    "Трудности в организации работы с обучающимися, имеющими трудности в обучении.",
]
GOALS = [
    "Освоить проектирование урока в соответствии с требованиями ФГОС и системно-деятельностного подхода.",
    "Сформировать навыки управления классом и организации учебной деятельности.",
    "Освоить современные образовательные технологии и приёмы формирования функциональной грамотности.",
]
RETURN_COMMENTS = [
    "Сроки курсов повышения квалификации не согласованы с графиком ЦНППМПР; уточните.",
    "Не указана форма отчётности по теме самообразования.",
    "Мероприятия не соответствуют выявленным дефицитам: добавьте работу по организации дисциплины.",
]
SELF_ANALYSIS = "Цели маршрута достигнуты: проектирую уроки по ФГОС, провела открытый урок, прошла курсы."
CONCLUSION = (
    "Молодой специалист успешно реализовал ИОМ; рекомендую продолжить работу над темой самообразования."
)
NOT_DONE_REASONS = [
    "Курсы перенесены организатором на следующий год.",
    "Болезнь молодого специалиста.",
    "Конкурс не проводился в этом году.",
]


def _pick_status(rng):
    roll = rng.randrange(100)
    for status, weight in STATUS_WEIGHTS:
        if roll < weight:
            return status
        roll -= weight
    return S.DRAFT


@demo_generator
def generate(ctx: DemoContext):
    year = AcademicYear.objects.filter(start_year=2021).first() or AcademicYear.current()
    template = IomTemplate.objects.filter(academic_year=year).first()
    if year is None or template is None:
        ctx.log("ИОМ: нет шаблона на учебный год — демо-ИОМ не созданы (сначала load_real_data).")
        return
    rng = ctx.rng
    methodist = User.objects.filter(username="methodist").first()
    school_users = dict(
        User.objects.filter(role=User.Role.SCHOOL, memberships__isnull=False).values_list(
            "memberships__organisation_id", "pk"
        )
    )
    template_rows = list(template.rows.all())
    orgs = Organisation.objects.filter(kind__in=Organisation.EDUCATIONAL_KINDS)
    if not ctx.is_region:
        orgs = orgs.filter(municipality__name="Сальский район")
    org_ids = set(orgs.values_list("pk", flat=True))

    young_by_org = {}
    for pk, org_id in (
        Teacher.objects.filter(organisation_id__in=org_ids, is_active=True)
        .filter(teaching_experience__lte=YOUNG_SPECIALIST_MAX_YEARS)
        .values_list("pk", "organisation_id")
        .order_by("pk")
        .iterator(chunk_size=5000)
    ):
        young_by_org.setdefault(org_id, []).append(pk)

    # A route's mentor comes from the year's mentor bank (Iom.clean) or the specialist's pair (below).
    mentors_by_org = {}
    for org_id, teacher_id in (
        MentorBankEntry.objects.filter(
            year=year, status=MentorBankEntry.Status.INCLUDED, organisation_id__in=org_ids, teacher__is_active=True
        )
        .order_by("teacher_id")
        .values_list("organisation_id", "teacher_id")
    ):
        mentors_by_org.setdefault(org_id, []).append(teacher_id)

    # Young specialists in a mentoring pair of the year get their pair's mentor and a link to the pair.
    pair_of = {
        teacher_id: (pair_id, mentor_id)
        for pair_id, teacher_id, mentor_id in Pair.mentees.through.objects.filter(
            pair__year=year, mentee__teacher__isnull=False, pair__organisation_id__in=org_ids
        )
        .order_by("pair_id")
        .values_list("pair_id", "mentee__teacher_id", "pair__mentor__teacher_id")
        .iterator(chunk_size=5000)
    }

    now = timezone.now()
    as_of = datetime.date(2022, 2, 15)  # the demo «today» for execution marks of running routes
    # The demo school (school_a) also shows the first steps: a draft, a returned route, an agreed one.
    school_a = ctx.data.get("school_a")
    forced = {}
    if school_a is not None:
        for specialist_id, status in zip(
            young_by_org.get(school_a.pk, []), (S.DRAFT, S.RETURNED, S.AGREED), strict=False
        ):
            forced[specialist_id] = status
    ioms = []
    for org_id in sorted(young_by_org):
        mentors = mentors_by_org.get(org_id)
        for specialist_id in young_by_org[org_id]:
            if not mentors and specialist_id not in pair_of:
                continue  # no mentor in the bank of the year and no pair: no route yet
            if specialist_id not in forced and rng.random() < 0.12:
                continue  # some young specialists have no route yet: the campaign shows them
            status = forced.get(specialist_id) or _pick_status(rng)
            ioms.append(
                Iom(
                    specialist_id=specialist_id,
                    mentor_id=pair_of[specialist_id][1] if specialist_id in pair_of else rng.choice(mentors),
                    pair_id=pair_of[specialist_id][0] if specialist_id in pair_of else None,
                    organisation_id=org_id,
                    academic_year=year,
                    template=template,
                    status=status,
                    deficits=" ".join(rng.sample(DEFICITS, 2)),
                    goals=rng.choice(GOALS),
                    review_comment=rng.choice(RETURN_COMMENTS) if status == S.RETURNED else "",
                    mentor_agreed_on=None
                    if status == S.DRAFT
                    else datetime.date(2021, 11, rng.randint(15, 29)),
                    head_position="Директор",
                    head_name="",
                    head_signed_on=None if status in (S.DRAFT, S.AGREED) else datetime.date(2021, 11, 30),
                    self_analysis=SELF_ANALYSIS if status == S.COMPLETED else "",
                    mentor_conclusion=CONCLUSION if status == S.COMPLETED else "",
                )
            )
    batch = 2000
    created = []
    for i in range(0, len(ioms), batch):
        created.extend(Iom.objects.bulk_create(ioms[i : i + batch]))
    if created and created[0].pk is None:  # backends without RETURNING: read the pks back
        created = list(Iom.objects.filter(academic_year=year).order_by("pk"))

    rows, transitions = [], []
    path = {
        S.DRAFT: [],
        S.AGREED: ["agree"],
        S.SUBMITTED: ["agree", "submit"],
        S.RETURNED: ["agree", "submit", "return"],
        S.APPROVED: ["agree", "submit", "approve"],
        S.IN_PROGRESS: ["agree", "submit", "approve", "start"],
        S.COMPLETED: ["agree", "submit", "approve", "start", "complete"],
    }
    steps = {
        "agree": (S.DRAFT, S.AGREED),
        "submit": (S.AGREED, S.SUBMITTED),
        "return": (S.SUBMITTED, S.RETURNED),
        "approve": (S.SUBMITTED, S.APPROVED),
        "start": (S.APPROVED, S.IN_PROGRESS),
        "complete": (S.IN_PROGRESS, S.COMPLETED),
    }
    for iom in created:
        for row in template_rows:
            status, reason = IomRow.Status.PLANNED, ""
            if iom.status == S.COMPLETED or (iom.status == S.IN_PROGRESS and row.deadline <= as_of):
                if rng.random() < 0.9:
                    status = IomRow.Status.DONE
                else:
                    status, reason = IomRow.Status.NOT_DONE, rng.choice(NOT_DONE_REASONS)
            rows.append(
                IomRow(
                    iom_id=iom.pk,
                    status=status,
                    not_done_reason=reason,
                    evidence_url=f"https://school{iom.organisation_id}.example.org/iom/{iom.pk}/{row.position}"
                    if status == IomRow.Status.DONE and rng.random() < 0.5
                    else "",
                    **{name: getattr(row, name) for name in IomRow.PLAN_FIELDS},
                )
            )
        school_user = school_users.get(iom.organisation_id)
        transitions.append(
            IomTransition(
                iom_id=iom.pk,
                action="create",
                from_status=S.DRAFT,
                to_status=S.DRAFT,
                user_id=school_user,
                at=now,
                comment="Создан по шаблону.",
            )
        )
        for action in path[iom.status]:
            source, target = steps[action]
            transitions.append(
                IomTransition(
                    iom_id=iom.pk,
                    action=action,
                    from_status=source,
                    to_status=target,
                    at=now,
                    user_id=methodist.pk if methodist and action in ("return", "approve") else school_user,
                    comment=iom.review_comment if action == "return" else "",
                )
            )
        if len(rows) > 20000:
            IomRow.objects.bulk_create(rows, batch_size=5000)
            rows = []
    IomRow.objects.bulk_create(rows, batch_size=5000)
    IomTransition.objects.bulk_create(transitions, batch_size=5000)

    pilot_orgs = list(PilotParticipant.objects.values_list("organisation_id", flat=True))
    if pilot_orgs:
        campaign = IomCampaign.objects.create(
            academic_year=year,
            deadline=datetime.date(2021, 12, 1),
            opened_by=methodist,
            title="Разработка ИОМ молодых специалистов пилотных ОО (п. 3.3 приказа от 15.11.2021 № 866)",
        )
        campaign.organisations.set(pilot_orgs)
    ctx.log(f"ИОМ молодых специалистов: {len(created)}; кампания для {len(pilot_orgs)} пилотных организаций.")
