"""Demo orders: a signed order addressed to school A and a draft being composed.

Order 866 itself is real data (fixtures/060_orders.json), never generated here.
"""

import datetime

from django.utils import timezone

from salsk_mentoring.demo import demo_generator
from schools.models import Organisation

from . import services
from .models import Order, OrderAppendix, OrderPoint


@demo_generator
def generate(ctx):
    issuer = Organisation.objects.filter(kind=Organisation.Kind.AUTHORITY).order_by("pk").first()
    school_a = ctx.data.get("school_a")
    if issuer is None or Order.objects.filter(number__in=["412", "455"]).exists():
        return
    # Dated in the current academic year, so that the signed order's tasks land in this year's «Мои задачи»
    # (never in the future: a demo made on 1 September dates its orders that day).
    today = timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    years = f"{start}-{start + 1}"
    signed = Order.objects.create(
        issuer=issuer,
        date=min(datetime.date(start, 9, 12), today),
        number="412",
        place="г. Сальск",
        standard=Order.Standard.GOST_2025,
        district_wide=school_a is None,
        status=Order.Status.SIGNED,
        title=f"О проведении экспертной сессии\n«Педагогический дуэт» в {years} учебном году",
        preamble="В соответствии с планом-графиком проведения мероприятий по реализации целевой модели "
        "наставничества и в целях мониторинга деятельности наставников и молодых специалистов по ИОМ",
    )
    points = [
        (1, f"Провести экспертную сессию «Педагогический дуэт» в январе и мае {start + 1} года.", None),
        (1, "Руководителям общеобразовательных организаций:", None),
        (2, "Обеспечить участие пар «наставник — молодой специалист».", datetime.date(start + 1, 1, 20)),
        (2, "Представить в МБУ ИМЦ Сальского района аналитическую справку.", datetime.date(start + 1, 5, 25)),
    ]
    for position, (level, text, deadline) in enumerate(points, start=1):
        point = OrderPoint.objects.create(
            order=signed,
            position=position * 10,
            level=level,
            text=text,
            deadline=deadline,
            duty=OrderPoint.Duty.PLAN_ITEM if deadline else "",
        )
        if school_a is not None and level == 2:
            point.addressees.add(school_a)
    OrderAppendix.objects.create(
        order=signed,
        number=1,
        kind="free_table",
        title="Состав экспертной группы",
        body="ФИО | Должность | Организация\n"
        + "\n".join(f"{ctx.faker.name()} | методист | МБУ ИМЦ Сальского района" for _ in range(5)),
    )
    # The points with deadlines become tasks of the addressees («Мои задачи»), as signing in the portal does.
    services.order_assign_duties(order=signed, user=None)
    draft = Order.objects.create(
        issuer=issuer,
        date=min(datetime.date(start, 11, 10), today),
        number="455",
        place="г. Сальск",
        standard=Order.Standard.GOST_2025,
        title=f"Об утверждении муниципального банка\nпедагогов-наставников на {years} учебный год",
        preamble="В соответствии с приказом управления образования Сальского района от 15.11.2021 № 866",
    )
    OrderPoint.objects.create(
        order=draft, position=10, text="Утвердить муниципальный банк педагогов-наставников (Приложение 1)."
    )
    OrderAppendix.objects.create(order=draft, number=1, kind="mentor_bank", params={})
    ctx.log("Приказы: 2 демонстрационных (подписанный № 412 и проект № 455).")
