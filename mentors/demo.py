"""Demo data: teachers (≈1,500 in the district, ≈60,000 at region scale), the mentor bank with consents,
mentees, pairs (≈25,000 at region scale), meetings and surveys — all with bulk_create."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.management import call_command

from salsk_mentoring.demo import DemoContext, demo_generator
from schools.models import AcademicYear, Organisation

from .models import (
    YOUNG_SPECIALIST_MAX_YEARS,
    FeedbackSurvey,
    Meeting,
    Mentee,
    MentorBankEntry,
    MentoringForm,
    Pair,
    PublicationConsent,
    Teacher,
)

SUBJECTS = [
    "русский язык, литература",
    "математика",
    "физика",
    "химия",
    "биология",
    "история, обществознание",
    "география",
    "английский язык",
    "немецкий язык",
    "информатика",
    "физическая культура",
    "музыка",
    "ИЗО",
    "технология",
    "ОБЖ",
    "начальные классы",
]
POSITIONS_SCHOOL = ["учитель"] * 8 + [
    "педагог-психолог",
    "социальный педагог",
    "заместитель директора по УВР",
]
POSITIONS_KG = ["воспитатель"] * 5 + ["музыкальный руководитель", "старший воспитатель"]
POSITIONS_UDO = ["педагог дополнительного образования"] * 4 + ["тренер-преподаватель", "методист"]


def _people(ctx, org, count, serial):
    rng, fake = ctx.rng, ctx.faker
    if org.kind == Organisation.Kind.KINDERGARTEN:
        positions = POSITIONS_KG
    elif org.kind == Organisation.Kind.UDO:
        positions = POSITIONS_UDO
    else:
        positions = POSITIONS_SCHOOL
    teachers = []
    for _ in range(count):
        female = rng.random() < 0.82
        total = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 6, 8, 10, 12, 15, 18, 20, 24, 27, 30, 35])
        teaching = max(0, total - rng.choice([0, 0, 0, 0, 1, 2]))
        position = rng.choice(positions)
        serial += 1
        teachers.append(
            Teacher(
                last_name=fake.last_name_female() if female else fake.last_name_male(),
                first_name=fake.first_name_female() if female else fake.first_name_male(),
                middle_name=fake.middle_name_female() if female else fake.middle_name_male(),
                organisation=org,
                position=position,
                subjects=rng.choice(SUBJECTS) if position == "учитель" else "",
                category=rng.choice(
                    [Teacher.Category.NONE] * 2
                    + [Teacher.Category.FIRST, Teacher.Category.HIGHEST, Teacher.Category.CONFORMITY]
                )
                if teaching > 2
                else Teacher.Category.NONE,
                total_experience=total,
                teaching_experience=teaching,
                email=f"teacher{serial}@example.org",
                phone="",
            )
        )
    return teachers, serial


@demo_generator
def generate(ctx: DemoContext):
    serial = Teacher.objects.count()
    orgs = Organisation.objects.filter(kind__in=Organisation.EDUCATIONAL_KINDS).order_by("pk")
    if not ctx.is_region:
        orgs = orgs.filter(municipality__name="Сальский район")
    batch = []
    for org in orgs.select_related("municipality").iterator():
        if org.kind == Organisation.Kind.COLLEGE:
            continue
        size = {
            "school": ctx.rng.randint(38, 60),
            "kindergarten": ctx.rng.randint(12, 20),
            "udo": ctx.rng.randint(15, 25),
        }
        count = size.get(org.kind, 10)
        if ctx.is_region and org.municipality.name != "Сальский район":
            count = int(count * 0.75)
        people, serial = _people(ctx, org, count, serial)
        batch.extend(people)
        if len(batch) > 5000:
            Teacher.objects.bulk_create(batch, batch_size=1000)
            batch = []
    Teacher.objects.bulk_create(batch, batch_size=1000)
    ctx.log(f"Педагогов: {Teacher.objects.count()}.")
    generate_mentoring(ctx)


# --- Mentor bank, consents, mentees, pairs, meetings, surveys ---------------------------------------------

COMPETENCIES = {
    "default": [
        "адаптация молодого педагога в коллективе",
        "методика современного урока",
        "классное руководство",
        "работа с родителями",
        "оценивание и обратная связь",
        "формирование функциональной грамотности",
        "подготовка обучающихся к олимпиадам",
        "подготовка к ГИА",
        "инклюзивное образование",
        "цифровые образовательные ресурсы",
        "проектная и исследовательская деятельность",
        "воспитательная работа",
    ],
    "воспитатель": [
        "развивающая предметно-пространственная среда",
        "взаимодействие с семьёй",
        "игровые технологии в ДОО",
        "адаптация молодого воспитателя",
    ],
}
ACHIEVEMENTS = [
    "Победитель муниципального этапа конкурса «Учитель года»",
    "Почётная грамота Министерства просвещения РФ",
    "Руководитель ШМО",
    "Эксперт ГИА",
    "Призёр конкурса «Педагогический дуэт»",
    "Автор методической разработки",
    "Подготовила призёров регионального этапа ВсОШ",
    "Руководитель творческой группы ММРЦ",
]
TOPICS = [
    "Знакомство, выявление профессиональных дефицитов",
    "Составление ИОМ",
    "Анализ посещённого урока",
    "Планирование рабочей программы",
    "Работа с документацией классного руководителя",
    "Подготовка к родительскому собранию",
    "Оценивание письменных работ",
    "Приёмы удержания внимания класса",
    "Подготовка открытого урока",
    "Работа с обучающимися с ОВЗ",
    "Взаимопосещение уроков",
    "Итоги четверти: анализ успеваемости",
]
CARD_TEXTS = [
    "Помогу выстроить урок так, чтобы работал весь класс, и не утонуть в документации.",
    "Делюсь приёмами классного руководства и общения с родителями; открыта для взаимопосещений.",
    "Готовлю к олимпиадам 15 лет — расскажу, как находить и растить мотивированных ребят.",
    "Поддержу в первый год работы: планирование, оценивание, дисциплина.",
]


def reference_day(year):
    """Demo «today»: the real date inside the current academic year, else a spring day of that year."""
    today = datetime.date.today()
    if year is None or year.contains(today):
        return today
    return datetime.date(year.start_year + 1, 4, 20)


def demo_photo(rng):
    from PIL import Image, ImageDraw

    colour = rng.choice([(94, 129, 172), (129, 161, 193), (163, 190, 140), (208, 135, 112), (180, 142, 173)])
    img = Image.new("RGB", (120, 150), (233, 238, 245))
    draw = ImageDraw.Draw(img)
    draw.ellipse((35, 22, 85, 72), fill=colour)
    draw.ellipse((15, 80, 105, 190), fill=colour)
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    return buffer.getvalue()


def generate_mentoring(ctx: DemoContext):
    rng = ctx.rng
    year = AcademicYear.current()
    if year is None:
        return
    if not MentoringForm.objects.exists():
        call_command("loaddata", "fixtures/020_mentors.json", verbosity=0)
    forms = {f.code: f for f in MentoringForm.objects.all()}
    teacher_teacher = forms["teacher_teacher"]
    today = reference_day(year)
    start_earliest = year.start_date + datetime.timedelta(days=14)

    by_org = {}
    for t in (
        Teacher.objects.filter(is_active=True)
        .only("pk", "organisation_id", "teaching_experience", "position", "subjects", "last_name")
        .order_by("pk")
        .iterator(chunk_size=5000)
    ):
        by_org.setdefault(t.organisation_id, []).append(t)

    entries, mentees, consents = [], [], []
    plan = []  # (org_id, mentor entries, young mentees)
    for org_id, teachers in by_org.items():
        young = [t for t in teachers if t.teaching_experience <= YOUNG_SPECIALIST_MAX_YEARS]
        seniors = [t for t in teachers if t.teaching_experience >= 8]
        rng.shuffle(seniors)
        wanted = min(len(seniors), max(1, (len(young) + 1) // 2 + rng.randint(0, 2)))
        org_entries = []
        for t in seniors[:wanted]:
            roll = rng.random()
            status = (
                MentorBankEntry.Status.INCLUDED
                if roll < 0.85
                else MentorBankEntry.Status.PROPOSED
                if roll < 0.95
                else MentorBankEntry.Status.EXCLUDED
            )
            pool = COMPETENCIES["воспитатель"] if t.position == "воспитатель" else COMPETENCIES["default"]
            comp = ", ".join(rng.sample(pool, 3))
            if t.subjects:
                comp = f"методика преподавания: {t.subjects}; {comp}"
            entry = MentorBankEntry(
                teacher_id=t.pk,
                organisation_id=org_id,
                year=year,
                competencies=comp,
                max_mentees=rng.choice([2, 2, 3]),
                achievements=rng.choice(ACHIEVEMENTS),
                card_text=rng.choice(CARD_TEXTS),
                status=status,
                decided_on=None
                if status == MentorBankEntry.Status.PROPOSED
                else year.start_date + datetime.timedelta(days=60),
                exclusion_reason="Перешла на другую работу"
                if status == MentorBankEntry.Status.EXCLUDED
                else "",
            )
            entries.append(entry)
            org_entries.append(entry)
        org_mentees = []
        for t in young:
            if rng.random() < 0.92:
                m = Mentee(kind=Mentee.Kind.YOUNG_SPECIALIST, teacher_id=t.pk, organisation_id=org_id)
                mentees.append(m)
                org_mentees.append(m)
        plan.append((org_id, org_entries, org_mentees))
    MentorBankEntry.objects.bulk_create(entries, batch_size=2000)
    through = MentorBankEntry.forms.through
    links = []
    for e in entries:
        links.append(through(mentorbankentry_id=e.pk, mentoringform_id=teacher_teacher.pk))
        if rng.random() < 0.25:
            links.append(through(mentorbankentry_id=e.pk, mentoringform_id=forms["student_student"].pk))
    through.objects.bulk_create(links, batch_size=5000)
    # A few students per school with only a code and a class (never more).
    for org_id, _, _ in plan[: 400 if ctx.is_region else len(plan)]:
        for i in range(rng.randint(0, 4)):
            mentees.append(
                Mentee(
                    kind=Mentee.Kind.STUDENT,
                    name_or_code=f"О-{org_id:04d}-{i + 1:02d}",
                    grade=f"{rng.randint(5, 10)}{rng.choice('АБВ')}",
                    organisation_id=org_id,
                )
            )
    Mentee.objects.bulk_create(mentees, batch_size=2000)

    # Consents: most included mentors agree to publication, with different choices; some withdrew.
    real_today = datetime.date.today()
    for e in entries:
        if e.status != MentorBankEntry.Status.INCLUDED or rng.random() > 0.7:
            continue
        photo = rng.random() < 0.3
        given = year.start_date + datetime.timedelta(days=rng.randint(30, 80))
        withdrawn = given + datetime.timedelta(days=rng.randint(20, 120)) if rng.random() < 0.08 else None
        consents.append(
            PublicationConsent(
                entry=e,
                publish_name=rng.random() < 0.95,
                publish_organisation=rng.random() < 0.9,
                publish_position=True,
                publish_subjects=rng.random() < 0.9,
                publish_photo=photo,
                image_consent=photo,
                publish_contacts=rng.random() < 0.3,
                given_on=given,
                # For the mentor's time in the bank: most are in force today, a few have expired.
                valid_until=given + datetime.timedelta(days=365)
                if withdrawn or rng.random() < 0.06
                else real_today + datetime.timedelta(days=rng.randint(120, 900)),
                withdrawn_on=withdrawn,
                withdrawal_note="Отзыв согласия субъектом персональных данных" if withdrawn else "",
                page_url=f"/bank/{e.pk}/",
            )
        )
    PublicationConsent.objects.bulk_create(consents, batch_size=2000)
    if not ctx.is_region:
        for c in consents[:40]:
            if c.publish_photo:
                c.entry.photo.save(f"demo-{c.entry.pk}.png", ContentFile(demo_photo(rng)), save=True)

    # Pairs «учитель – учитель»: mentees with included mentors of their own school, within the load.
    pairs = []
    for org_id, org_entries, org_mentees in plan:
        included = [e for e in org_entries if e.status == MentorBankEntry.Status.INCLUDED]
        if not included:
            continue
        load = {e.pk: 0 for e in included}
        for mentee in org_mentees:
            if rng.random() < 0.12:
                continue  # left without a mentor: the matching page proposes one
            free = [e for e in included if load[e.pk] < e.max_mentees]
            if not free:
                break
            mentor = rng.choice(free)
            load[mentor.pk] += 1
            start = start_earliest + datetime.timedelta(days=rng.randint(0, 75))
            roll = rng.random()
            if roll < 0.72:
                status, reason = Pair.Status.ACTIVE, ""
            elif roll < 0.8:
                status, reason = Pair.Status.PLANNED, ""
                start = today + datetime.timedelta(days=rng.randint(3, 20))
            elif roll < 0.9:
                status, reason = Pair.Status.COMPLETED, ""
            else:
                status, reason = (
                    Pair.Status.TERMINATED,
                    rng.choice(
                        [
                            "Молодой специалист уволился",
                            "Наставник ушёл в декретный отпуск",
                            "Смена места работы",
                        ]
                    ),
                )
            end = datetime.date(year.start_year + 1, 5, 31)
            if status == Pair.Status.ACTIVE and rng.random() < 0.2:
                end = today + datetime.timedelta(days=rng.randint(3, 28))
            if status in (Pair.Status.COMPLETED, Pair.Status.TERMINATED):
                end = min(
                    today - datetime.timedelta(days=1), start + datetime.timedelta(days=rng.randint(60, 150))
                )
            pair = Pair(
                organisation_id=org_id,
                year=year,
                mentor=mentor,
                form=teacher_teacher,
                start_date=start,
                end_date=max(end, start),
                status=status,
                termination_reason=reason,
                outcome="Молодой специалист провёл открытый урок, ИОМ выполнен."
                if status == "completed"
                else "",
            )
            pair._mentee = mentee
            pairs.append(pair)
    Pair.objects.bulk_create(pairs, batch_size=2000)
    Pair.mentees.through.objects.bulk_create(
        [Pair.mentees.through(pair_id=p.pk, mentee_id=p._mentee.pk) for p in pairs], batch_size=5000
    )

    meetings, surveys = [], []
    for p in pairs:
        if p.status == Pair.Status.PLANNED:
            continue
        last = min(today, p.end_date)
        stale = p.status == Pair.Status.ACTIVE and rng.random() < 0.15
        if stale:
            last = today - datetime.timedelta(days=rng.randint(35, 80))
        day = p.start_date + datetime.timedelta(days=rng.randint(1, 7))
        topics = iter(TOPICS * 3)
        while day <= last:
            meetings.append(
                Meeting(
                    pair=p,
                    date=day,
                    hours=rng.choice([1, 1, 1.5, 2]),
                    topic=next(topics),
                    format=rng.choice(["individual", "individual", "lesson_visit", "consultation", "online"]),
                    logged_as=rng.choice(["mentor", "mentor", "coordinator"]),
                )
            )
            day += datetime.timedelta(days=rng.randint(10, 24))
        if (today - p.start_date).days > 30 and rng.random() < 0.7:
            for respondent in ("mentor", "mentee"):
                surveys.append(
                    FeedbackSurvey(
                        pair=p,
                        respondent=respondent,
                        point="month",
                        answered_on=p.start_date + datetime.timedelta(days=rng.randint(30, 40)),
                        satisfaction=rng.choice([3, 4, 4, 5, 5]),
                        usefulness=rng.choice([3, 4, 5, 5]),
                    )
                )
        if p.status == Pair.Status.COMPLETED:
            surveys.append(
                FeedbackSurvey(
                    pair=p,
                    respondent="mentee",
                    point="end",
                    answered_on=p.end_date,
                    satisfaction=rng.choice([4, 5]),
                    usefulness=rng.choice([4, 5]),
                    comment="Спасибо наставнику за поддержку!",
                )
            )
        if len(meetings) > 20000:
            Meeting.objects.bulk_create(meetings, batch_size=5000)
            meetings = []
    Meeting.objects.bulk_create(meetings, batch_size=5000)
    FeedbackSurvey.objects.bulk_create(surveys, batch_size=5000)
    Pair.refresh_activity()  # bulk_create sends no signals
    ctx.log(
        f"Банк наставников {year}: {len(entries)}, согласий: {len(consents)}, наставляемых: {len(mentees)}, "
        f"пар: {len(pairs)}, встреч: {Meeting.objects.count()}."
    )
