import json

from django.core.management import call_command
from django.utils import timezone

from mentors.models import Teacher
from salsk_mentoring.management.commands.load_real_data import real_data_fixtures
from schools.models import Abbreviation, Organisation, PilotProject, User

SEED_GLOSSARY = {
    "ГБУ ДПО РО РИПК и ППРО": "Государственное бюджетное учреждение дополнительного профессионального образования "
    "Ростовской области «Ростовский институт повышения квалификации и профессиональной переподготовки работников "
    "образования»",
    "ЦНППМПР": "Центр непрерывного повышения профессионального мастерства педагогических работников",
    "УО Сальского района": "управление образования Сальского района",
    "МБУ ИМЦ Сальского района": "Муниципальное бюджетное учреждение «Методический ресурсный центр образовательных "
    "учреждений Сальского района.",
    "ММРЦ Сальского района": "Муниципальный методический ресурсный центр Сальского района",
    "ШМСиН": "муниципальная школа молодого специалиста и наставника",
    "ЕСНМСРП": "единая система научно-методического сопровождения педагогических работников",
}


def test_real_data_has_the_orders_glossary_and_pilot_project(db):
    call_command("load_real_data", verbosity=0)
    glossary = {a.short: a.full for a in Abbreviation.objects.filter(in_glossary=True)}
    assert glossary == SEED_GLOSSARY
    project = PilotProject.objects.get()
    assert project.name == "От наставничества до профессионализма молодых педагогов"
    assert project.leader == "Иванченко О.В."
    assert project.platform.short_name == "МБОУ лицей №9 г. Сальска"
    for short in ("УО Сальского района", "МБУ ИМЦ Сальского района", "ММРЦ Сальского района",
                  "Профессиональный клуб «Призвание»", "ЦНППМПР", "ГБУ ДПО РО РИПК и ППРО",
                  "Академия Минпросвещения России", "Минобразование РО"):
        assert Organisation.objects.filter(short_name=short).exists(), short


def test_real_data_fixtures_hold_no_demo_people():
    for path in real_data_fixtures():
        for record in json.loads(path.read_text(encoding="utf-8")):
            assert record["model"] not in ("schools.user", "mentors.teacher"), path.name


def test_make_run_data_steps_are_idempotent(db):
    call_command("load_real_data", verbosity=0)
    call_command("demo_data", verbosity=0)
    counts = (Organisation.objects.count(), Teacher.objects.count(), User.objects.count())
    assert 38 <= counts[0] <= 50 and 1300 <= counts[1] <= 1700
    assert set(User.objects.values_list("username", flat=True)) >= {"methodist", "school_a", "school_b", "official"}
    call_command("load_real_data", verbosity=0)
    call_command("demo_data", verbosity=0)
    assert (Organisation.objects.count(), Teacher.objects.count(), User.objects.count()) == counts
    school_a = User.objects.get(username="school_a")
    assert school_a.check_password("salsk-demo") and school_a.is_school
    # The demo orders are dated in the current academic year, so the signed one's tasks are this year's.
    from events.models import PlanItem
    from orders.models import Order
    from schools.models import AcademicYear

    year = AcademicYear.objects.get(start_date__lte=timezone.localdate(), end_date__gte=timezone.localdate())
    signed = Order.objects.get(number="412")
    assert year.start_date <= signed.date <= timezone.localdate()
    assert str(year) in signed.title.replace("\n", " ")
    tasks = PlanItem.objects.filter(order_points__order=signed)
    assert tasks.count() == 2 and {t.plan.academic_year for t in tasks} == {year}
    assert Order.objects.filter(number__in=["412", "455"]).count() == 2  # not duplicated by the second run
