"""Order workflows: sign (freeze), freeze a historical order, copy, and the duties a signed order assigns."""

import logging
import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from events.models import EventPlan, PlanItem, PlanItemResponsible
from iom.models import IomCampaign
from iom.services import campaign_open
from salsk_mentoring.text import plural_ru
from schools.models import AcademicYear, Organisation, PilotParticipant

from . import appendix_content
from .layout import profile_for
from .models import Order, OrderAppendix, OrderPoint
from .printing import build_pack_pdf
from .workflows import ORDER

logger = logging.getLogger(__name__)

ORGANISATIONS_GENITIVE = ("организации", "организаций", "организаций")  # «для 1 организации», «для 5 организаций»


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied("Недостаточно прав для этого действия с приказом.")


def missing_appendices(order) -> list[str]:
    """Russian descriptions of the appendices whose data is missing (live data; the outline is enough)."""
    problems = []
    for appendix in order.appendices.all():
        appendix.order = order
        rendered = appendix_content.outline_live(appendix)
        if rendered.missing:
            problems.append(
                f"приложение {appendix.number}: {rendered.missing[:1].lower()}{rendered.missing[1:]}"
            )
    return problems


@transaction.atomic
def order_freeze(*, order: Order, user) -> Order:
    """Take the snapshot: each appendix keeps what it renders now, the pack keeps its PDF bytes."""
    _require(user, "orders.sign_order", order)
    if order.is_frozen:
        raise ValidationError("Приложения этого приказа уже зафиксированы.")
    problems = missing_appendices(order)
    if problems:
        raise ValidationError("Нельзя зафиксировать приказ: " + "; ".join(problems) + ". Ничего не изменено.")
    return _freeze(order, reason="Приложения зафиксированы")


def _freeze(order, *, reason):
    for appendix in order.appendices.all():
        appendix.order = order
        rendered = appendix_content.render_live(appendix)
        appendix.snapshot_title = rendered.title
        appendix.snapshot_html = rendered.html
        appendix.snapshot_landscape = rendered.landscape
        table = (
            {"headers": list(rendered.headers), "rows": appendix_content.jsonable(rendered.rows)}
            if rendered.headers
            else {}
        )
        if rendered.missing:  # a historical order frozen without the data: the card keeps saying so
            table["missing"] = rendered.missing
        appendix.snapshot_table = table or None
        appendix.save(
            update_fields=["snapshot_title", "snapshot_html", "snapshot_landscape", "snapshot_table"]
        )
    order.frozen_at = timezone.now()
    order.frozen_pdf = build_pack_pdf(order)
    order._change_reason = reason
    order.save(update_fields=["frozen_at", "frozen_pdf"])
    return order


@transaction.atomic
def freeze_loaded_orders() -> list[Order]:
    """The signed orders brought in as data (Order 866 of the real-data fixtures, signed 15.11.2021) are frozen
    as they are loaded: from then on they print from their snapshot, whatever the registries gain or lose.

    An appendix whose data the fixtures do not carry (the 2021 mentor bank, the 2020-2021 monitoring) is frozen
    as it prints then — with its «данные приложения отсутствуют» note — rather than filled later from whatever
    the live registries hold: the signed document must not change. Idempotent: a frozen order is left alone.
    """
    frozen = []
    for order in Order.objects.filter(status=Order.Status.SIGNED, frozen_at__isnull=True).select_related("issuer"):
        frozen.append(_freeze(order, reason="Подписанный приказ загружен: приложения зафиксированы"))
    return frozen


def order_confirm(*, order: Order, user) -> list[str]:
    """A signed order brought in from paper (Order 866): freeze its appendices (unless frozen when it was
    loaded) and create its duties."""
    _require(user, "orders.add_order", order)
    if not order.is_signed:
        raise ValidationError("Проект приказа сначала нужно подписать.")
    if not order.is_frozen:
        order_freeze(order=order, user=user)
    elif order.duties_assigned_at is not None:
        raise ValidationError("Приложения зафиксированы, поручения по пунктам уже созданы.")
    return order_assign_duties(order=order, user=user)


@transaction.atomic
def order_sign(*, order: Order, user) -> list[str]:
    """Sign a draft: check the requisites, freeze the appendices, create the duties. Returns notes."""
    order = Order.objects.get(pk=order.pk)
    ORDER.begin(order, "sign", user=user)  # who; the row locked; still a draft (orders/workflows.py)
    errors = []
    if not order.number.strip():
        errors.append("укажите номер приказа")
    if profile_for(order).title_required and not order.title.strip():
        errors.append(f"по {profile_for(order).standard} заголовок к тексту обязателен")
    if not order.points.exists():
        errors.append("в приказе нет ни одного пункта")
    if errors:
        raise ValidationError("Приказ не подписан: " + "; ".join(errors) + ".")
    order.full_clean(exclude=["status"])
    ORDER.finish(order, "sign", user=user, signed_at=timezone.now(), signed_by=user)
    order_freeze(order=order, user=user)
    return order_assign_duties(order=order, user=user)


def effective_addressees(order, point) -> list:
    """Whom a point is addressed to: its own addressees, else those of its parent point; a point that
    cites an appendix listing pilot organisations («… (Приложение 6):») also reaches the organisations of
    that pilot project; a point addressed to nobody reaches the organisations taking part in the model."""
    parent = None
    for _number, candidate in order.numbered_points(list(order.points.prefetch_related("addressees"))):
        if candidate.level == 1:
            parent = candidate
        if candidate.pk == point.pk:
            break
    chain = [p for p in (point, parent) if p is not None]
    organisations = {org.pk: org for p in chain for org in p.addressees.all()}
    for appendix in order.appendices.filter(kind="pilot_organisations"):
        cited = re.compile(rf"Приложени[еяи]\s*{appendix.number}\b")
        if any(cited.search(p.text) for p in chain):
            participants = PilotParticipant.objects.select_related("organisation")
            project = (appendix.params or {}).get("project")
            if project:
                participants = participants.filter(project_id=project)
            organisations.update({pp.organisation_id: pp.organisation for pp in participants})
    if organisations:
        return sorted(organisations.values(), key=lambda org: org.short_name)
    return list(Organisation.objects.filter(is_participant=True, is_active=True))


def order_assign_duties(*, order: Order, user) -> list[str]:
    """Turn the points that assign duties into work in the other sections of the portal (once per order)."""
    if order.duties_assigned_at is not None:
        return []
    notes = []
    for point in order.points.exclude(duty=""):
        if point.duty == OrderPoint.Duty.IOM_CAMPAIGN:
            notes.append(_open_iom_campaign(order, point, user))
        elif point.duty == OrderPoint.Duty.PLAN_ITEM:
            notes.append(_create_plan_item(order, point, user))
    order.duties_assigned_at = timezone.now()
    order._change_reason = "Созданы поручения по пунктам" if notes else "Поручений в пунктах нет"
    order.save(update_fields=["duties_assigned_at"])
    return notes


def _open_iom_campaign(order, point, user) -> str:
    """Point «разработать ИОМ … до DD.MM.YYYY» → an IOM campaign of the iom section with that deadline."""
    year = (
        AcademicYear.objects.filter(start_date__lte=point.deadline, end_date__gte=point.deadline).first()
        or AcademicYear.current()
    )
    if year is None:
        return "Кампания ИОМ не открыта: в портале не заведены учебные годы."
    organisations = effective_addressees(order, point)
    existing = _existing_campaign(order, point, year)
    if existing is not None:
        return f"Кампания ИОМ по пункту уже открыта: «{existing.title}» (срок {existing.deadline:%d.%m.%Y})."
    try:
        with transaction.atomic():
            campaign = campaign_open(
                user=user,
                academic_year=year,
                deadline=point.deadline,
                organisations=organisations,
                basis=f"п. {point_number(order, point)} приказа {order.reference}: {point.text}"[:300],
                title=f"Разработка ИОМ молодых специалистов (п. {point_number(order, point)} "
                f"приказа {order.reference})",
            )
    except ValidationError as exc:  # e.g. no IOM template for the year: the methodist opens it by hand
        return f"Кампания ИОМ по пункту не открыта: {' '.join(exc.messages)}"
    return (
        f"Открыта кампания ИОМ «{campaign.title}» со сроком {point.deadline:%d.%m.%Y} "
        f"для {len(organisations)} {plural_ru(len(organisations), ORGANISATIONS_GENITIVE)}."
    )


def _duties_year(order, deadline):
    return (
        AcademicYear.objects.filter(start_date__lte=order.date, end_date__gte=order.date).first()
        or AcademicYear.objects.filter(start_date__lte=deadline, end_date__gte=deadline).first()
        or AcademicYear.current()
    )


def duties_plan(order, *, create=False, user=None):
    """The event plan that holds the tasks an order's points assign («Поручения по приказу …»).

    A plan of its own, not published on /plan/ (it is not the district plan of Appendix 5): its items are
    the points of the order, shown to the addressed organisations in «Мои задачи» with their deadlines and
    reported on like any plan line. ``appendix_number`` 0 marks it: the basis of an item is the order's
    point itself. Found again through the points already linked to it."""
    existing = (
        EventPlan.objects.filter(items__order_points__order=order).order_by("pk").first()
        if order.pk
        else None
    )
    if existing is not None or not create:
        return existing
    deadlines = [d for d in order.points.exclude(duty="").values_list("deadline", flat=True) if d]
    year = _duties_year(order, max(deadlines, default=order.date))
    if year is None or order.issuer.municipality_id is None:
        return None
    end = max([*deadlines, year.end_date, order.date + timedelta(days=1)])
    plan = EventPlan(
        title=f"Поручения: {order.kind} {order.reference} «{order.title.splitlines()[0] if order.title else ''}»",
        order_number=order.number,
        order_date=order.date,
        appendix_number=0,
        academic_year=year,
        municipality_id=order.issuer.municipality_id,
        period_start=order.date,
        period_end=end,
        is_published=False,
    )
    plan._change_reason = f"Поручения по приказу {order.reference}"
    plan._history_user = user
    plan.save()
    return plan


def _plan_item_responsibles(order, point):
    """The organisations a point's task goes to, or None for «ОО» (every participant of the municipality)."""
    organisations = effective_addressees(order, point)
    named = point.addressees.exists() or any(p.addressees.exists() for p in _parents(order, point))
    cites_pilot = any(
        re.search(rf"Приложени[еяи]\s*{a.number}\b", p.text)
        for a in order.appendices.filter(kind="pilot_organisations")
        for p in [point, *_parents(order, point)]
    )
    return organisations if named or cites_pilot else None


def _parents(order, point):
    parent = None
    for _number, candidate in order.numbered_points():
        if candidate.level == 1:
            parent = candidate
        if candidate.pk == point.pk:
            return [parent] if parent is not None and parent.pk != point.pk else []
    return []


def _create_plan_item(order, point, user) -> str:
    """Point «… до DD.MM.YYYY» addressed to organisations → a plan item with those responsibles: each
    addressee sees it in «Мои задачи» with the deadline, reports on it and gets the reminders."""
    number = point_number(order, point)
    if point.plan_item_id is not None:
        return f"П. {number}: задача в плане уже создана (п. {point.plan_item.position} плана поручений)."
    plan = duties_plan(order, create=True, user=user)
    if plan is None:
        return f"П. {number}: задача не создана — в портале не заведены учебные годы или муниципалитет издателя."
    responsibles = _plan_item_responsibles(order, point)
    reason = f"П. {number} приказа {order.reference}"
    position = (plan.items.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    item = PlanItem(
        plan=plan,
        position=position,
        number=number[:10],
        name=point.text,
        deadline_text=f"до {point.deadline:%d.%m.%Y}",
        responsible_text=(
            "ОО" if responsibles is None else ", ".join(org.short_name for org in responsibles)
        )[:300],
        result=f"Исполнение п. {number} приказа {order.reference}",
    )
    item._change_reason, item._history_user = reason, user
    item.save()
    lines = [PlanItemResponsible(item=item, position=0, all_participants=True)] if responsibles is None else [
        PlanItemResponsible(item=item, position=i, organisation=org) for i, org in enumerate(responsibles)
    ]
    for line in lines:
        line._change_reason, line._history_user = reason, user
        line.save()
    point.plan_item = item
    point._change_reason, point._history_user = "Создана задача в плане", user
    point.save(update_fields=["plan_item"])
    whom = (
        "всех ОО — участников ЦМН"
        if responsibles is None
        else f"{len(responsibles)} {plural_ru(len(responsibles), ORGANISATIONS_GENITIVE)}"
    )
    return f"П. {number}: задача со сроком {point.deadline:%d.%m.%Y} для {whom} — в «Мои задачи»."


def duty_previews(order, points) -> dict:
    """What each point with a duty creates at signing (or created), by point pk — for the composer and the
    order page. ``points`` with their addressees and plan items fetched; a fixed number of queries."""
    pilot = {
        a.number: (a.params or {}).get("project") for a in order.appendices.all() if a.kind == "pilot_organisations"
    }
    pilot_counts = {}
    previews, parent = {}, None
    for number, point in order.numbered_points(points):
        if point.level == 1:
            parent = point
        if not point.duty:
            continue
        chain = [p for p in {point, parent} if p is not None]
        named = {org.pk for p in chain for org in p.addressees.all()}
        cited = [
            project
            for appendix_number, project in pilot.items()
            if any(re.search(rf"Приложени[еяи]\s*{appendix_number}\b", p.text) for p in chain)
        ]
        for project in cited:
            if project not in pilot_counts:
                participants = PilotParticipant.objects.unscoped(
                    reason="a point of the order counts the pilot organisations it addresses (a number, no rows shown)"
                )
                if project:
                    participants = participants.filter(project_id=project)
                pilot_counts[project] = set(participants.values_list("organisation_id", flat=True))
            named |= pilot_counts[project]
        previews[point.pk] = _preview_text(order, point, number.rstrip("."), len(named))
    return previews


def _preview_text(order, point, number, addressed) -> str:
    if point.plan_item_id is not None:
        return f"По п. {number} создана задача в плане поручений ({point.plan_item.deadline_text})."
    if not point.deadline:
        return "Укажите срок исполнения: без него поручение не создаётся."
    due = f"{point.deadline:%d.%m.%Y}"
    what = f"кампанию ИОМ со сроком {due}" if point.duty == OrderPoint.Duty.IOM_CAMPAIGN else (
        f"задачу со сроком {due} в «Мои задачи»"
    )
    whom = "для всех ОО — участников ЦМН"
    if addressed:
        whom = f"для {addressed} {plural_ru(addressed, ORGANISATIONS_GENITIVE)}"
    if order.duties_assigned_at is not None:
        return f"По пункту создано поручение: {what} {whom}."
    return f"При подписании создаст {what} {whom}."


def _existing_campaign(order, point, year):
    """A campaign for this point opened by hand (or by the demo data) before the order was confirmed."""
    number = point_number(order, point)
    return (
        IomCampaign.objects.filter(academic_year=year, deadline=point.deadline, title__contains=f"п. {number} ")
        .filter(title__contains=order.reference)
        .first()
    )


def point_number(order, point) -> str:
    for number, candidate in order.numbered_points():
        if candidate.pk == point.pk:
            return number.rstrip(".")
    return ""


@transaction.atomic
def order_copy(*, order: Order, user) -> Order:
    """A new draft with the same text, points and appendices (no number, today's date, 2025 layout)."""
    _require(user, "orders.add_order")
    source_points = list(order.points.prefetch_related("addressees"))
    source_appendices = list(order.appendices.all())
    copy = Order.objects.create(
        issuer=order.issuer,
        issuer_heading=order.issuer_heading,
        issuer_genitive=order.issuer_genitive,
        kind=order.kind,
        date=timezone.localdate(),
        number="",
        place=order.place,
        title=order.title,
        preamble=order.preamble,
        command_word=order.command_word,
        control_text=order.control_text,
        signatory_position=order.signatory_position,
        signatory_name=order.signatory_name,
        district_wide=order.district_wide,
        standard=Order.Standard.GOST_2025,
        copied_from=order,
    )
    for point in source_points:
        new = OrderPoint.objects.create(
            order=copy,
            position=point.position,
            level=point.level,
            text=point.text,
            deadline=point.deadline,
            duty=point.duty,
        )
        new.addressees.set(point.addressees.all())
    OrderAppendix.objects.bulk_create(
        [
            OrderAppendix(
                order=copy,
                number=a.number,
                kind=a.kind,
                params=a.params,
                title=a.title,
                body=a.body,
                landscape=a.landscape,
            )
            for a in source_appendices
        ]
    )
    return copy
