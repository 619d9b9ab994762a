"""Demo organisations, pilot participants and the four demo logins."""

from django.core.management import CommandError

from salsk_mentoring.demo import DEMO_PASSWORD, DemoContext, demo_generator

from .models import AcademicYear, Membership, Municipality, Organisation, PilotParticipant, PilotProject, User

SALSK_VILLAGES = [
    "п. Гигант", "с. Сандата", "п. Степной Курган", "с. Новый Егорлык", "х. Маяк", "п. Конезавод имени Будённого",
    "с. Берёзовка", "п. Юловский", "с. Екатериновка", "п. Манычстрой", "с. Шаблиевка", "х. Новоденисовский",
    "п. Приречный", "с. Ивановка", "п. Верхний Хомутец", "с. Крученая Балка", "п. Сальский Беслан",
]
KINDERGARTEN_NAMES = ["Солнышко", "Ромашка", "Колокольчик", "Теремок", "Радуга", "Сказка", "Берёзка", "Улыбка"]

REGION_MUNICIPALITIES = [
    "Азовский район", "Аксайский район", "Багаевский район", "Белокалитвинский район", "Боковский район",
    "Верхнедонской район", "Весёловский район", "Волгодонской район", "Дубовский район", "Егорлыкский район",
    "Заветинский район", "Зерноградский район", "Зимовниковский район", "Кагальницкий район", "Каменский район",
    "Кашарский район", "Константиновский район", "Красносулинский район", "Куйбышевский район",
    "Мартыновский район", "Матвеево-Курганский район", "Миллеровский район", "Милютинский район",
    "Морозовский район", "Мясниковский район", "Неклиновский район", "Обливский район", "Октябрьский район",
    "Орловский район", "Песчанокопский район", "Пролетарский район", "Ремонтненский район",
    "Родионово-Несветайский район", "Семикаракорский район", "Советский район", "Тарасовский район",
    "Тацинский район", "Усть-Донецкий район", "Целинский район", "Цимлянский район", "Чертковский район",
    "Шолоховский район", "город Азов", "город Батайск", "город Волгодонск", "город Гуково", "город Донецк",
    "город Зверево", "город Каменск-Шахтинский", "город Новочеркасск", "город Новошахтинск", "город Таганрог",
    "город Шахты",
]


def district_organisations(municipality, suffix=""):
    """≈40 organisations of a district like Salsk: town and village schools, kindergartens, УДО."""
    orgs = []
    for n in (1, 2, 3, 4, 5, 6, 7, 8, 10, 11):
        orgs.append(("school", f"МБОУ СОШ № {n}{suffix}", f"Муниципальное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № {n}{suffix}"))
    orgs.append(("school", f"МБОУ гимназия № 2{suffix}", f"Муниципальное бюджетное общеобразовательное учреждение гимназия № 2{suffix}"))
    for i, village in enumerate(SALSK_VILLAGES, start=12):
        orgs.append(("school", f"МБОУ СОШ № {i} {village}", f"Муниципальное бюджетное общеобразовательное учреждение средняя общеобразовательная школа № {i} {village}"))
    for i, name in enumerate(KINDERGARTEN_NAMES, start=1):
        orgs.append(("kindergarten", f"МБДОУ детский сад № {i} «{name}»{suffix}", f"Муниципальное бюджетное дошкольное образовательное учреждение детский сад № {i} «{name}»{suffix}"))
    orgs.append(("udo", f"МБУ ДО ДДТ{suffix}", f"Муниципальное бюджетное учреждение дополнительного образования Дом детского творчества{suffix}"))
    orgs.append(("udo", f"МБУ ДО ДЮСШ{suffix}", f"Муниципальное бюджетное учреждение дополнительного образования детско-юношеская спортивная школа{suffix}"))
    orgs.append(("college", f"ГБПОУ РО «Сальский аграрно-технический колледж»{suffix}", "Государственное бюджетное профессиональное образовательное учреждение Ростовской области «Сальский аграрно-технический колледж»"))
    return [
        Organisation(
            municipality=municipality, kind=kind, short_name=short, full_name=full,
            is_participant=kind in ("school", "kindergarten", "udo"),
        )
        for kind, short, full in orgs
    ]


@demo_generator
def generate(ctx: DemoContext):
    salsk = Municipality.objects.filter(name="Сальский район").first()
    if salsk is None:
        raise CommandError("Сначала загрузите реальные данные: python manage.py load_real_data")
    new_orgs = district_organisations(salsk, suffix=" г. Сальска")
    for org in new_orgs:
        # Town schools carry the town in their name; village ones already name the village.
        if org.short_name.count(" п.") or org.short_name.count(" с.") or org.short_name.count(" х."):
            org.short_name = org.short_name.replace(" г. Сальска", "")
    for n, org in enumerate(new_orgs, start=1):
        female = ctx.rng.random() < 0.7
        last = ctx.faker.last_name_female() if female else ctx.faker.last_name_male()
        first = ctx.faker.first_name_female() if female else ctx.faker.first_name_male()
        middle = ctx.faker.middle_name_female() if female else ctx.faker.middle_name_male()
        org.head_name = f"{last} {first[0]}.{middle[0]}."
        org.phone = f"8 (86372) {ctx.rng.randint(2, 7)}-{ctx.rng.randint(10, 99)}-{ctx.rng.randint(10, 99)}"
        org.email = f"school{n}@salsk-edu.example"
        org.address = "Ростовская обл., Сальский район"
    existing = set(Organisation.objects.filter(municipality=salsk).values_list("short_name", flat=True))
    Organisation.objects.bulk_create([o for o in new_orgs if o.short_name not in existing])
    if ctx.is_region:
        for name in REGION_MUNICIPALITIES:
            municipality, _ = Municipality.objects.get_or_create(name=name)
            Organisation.objects.bulk_create(district_organisations(municipality, suffix=f" ({name})"))
        ctx.log(f"Регион: {Municipality.objects.count()} муниципалитетов, {Organisation.objects.count()} организаций.")

    district = list(Organisation.objects.filter(municipality=salsk, kind__in=Organisation.EDUCATIONAL_KINDS))
    ctx.data["district_orgs"] = district
    school_a = Organisation.objects.get(municipality=salsk, short_name="МБОУ СОШ № 1 г. Сальска")
    school_b = Organisation.objects.get(municipality=salsk, short_name="МБОУ СОШ № 2 г. Сальска")
    ctx.data["school_a"], ctx.data["school_b"] = school_a, school_b

    # Pilot organisations of the regional project (Appendix 6): the platform and five more schools.
    project = PilotProject.objects.filter(name__startswith="От наставничества").first()
    if project:
        pilot_names = ["МБОУ лицей №9 г. Сальска", "МБОУ СОШ № 1 г. Сальска", "МБОУ СОШ № 2 г. Сальска",
                       "МБОУ СОШ № 5 г. Сальска", "МБОУ гимназия № 2 г. Сальска", "МБОУ СОШ № 12 п. Гигант"]
        for position, short in enumerate(pilot_names, start=1):
            org = Organisation.objects.get(municipality=salsk, short_name=short)
            PilotParticipant.objects.get_or_create(
                project=project, organisation=org,
                defaults={
                    "position": position,
                    "responsible_name": ctx.faker.last_name_female() + " " + ctx.faker.first_name_female()[0] + "."
                    + ctx.faker.middle_name_female()[0] + ".",
                    "responsible_position": "заместитель директора по УВР",
                    "appointment_document": f"приказ ОО от {19 + position}.11.2021 № {100 + position * 7}",
                },
            )
        ctx.data["pilot_project"] = project

    def make_user(username, role, last, first, middle, org=None, position=""):
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, role=role, last_name=last, first_name=first,
            middle_name=middle, position=position, email=f"{username}@example.org",
        )
        if org is not None:
            Membership.objects.create(user=user, organisation=org, position=position, is_responsible=True)
        return user

    make_user("methodist", User.Role.METHODIST, "Горбань", "Марина", "Викторовна",
              Organisation.objects.get(short_name="МБУ ИМЦ Сальского района"), "руководитель МБУ ИМЦ")
    make_user("school_a", User.Role.SCHOOL, "Петренко", "Ольга", "Николаевна", school_a,
              "заместитель директора по УВР")
    make_user("school_b", User.Role.SCHOOL, "Кравченко", "Ирина", "Сергеевна", school_b,
              "заместитель директора по УВР")
    make_user("official", User.Role.OFFICIAL, "Сенченко", "Марина", "Евгеньевна",
              Organisation.objects.get(short_name="УО Сальского района"), "начальник управления образования")
    year = AcademicYear.current()
    ctx.data["year"] = year
    ctx.log(f"Организаций в Сальском районе: {len(district)}; демо-входы созданы.")
