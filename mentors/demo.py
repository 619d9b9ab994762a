"""Demo teachers: ≈1,500 in the district (≈60,000 at region scale)."""

from salsk_mentoring.demo import DemoContext
from schools.models import Organisation

from .models import Teacher

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
