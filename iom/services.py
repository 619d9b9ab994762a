"""IOM services: creation, the transitions of the workflow table (iom/workflows.py), campaigns.

Each transition checks who may do it and when through the table (the same django-rules names the templates
ask), moves the IOM with one conditional UPDATE, records who/when/comment in :class:`IomTransition` and the
object's history; the letter to the other side is the one the table declares (``Transition.notify``), sent
after the commit. Refusals are PermissionDenied / ValidationError with Russian messages; nothing is changed
when a function refuses.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from salsk_mentoring.history import bulk_create_with_history
from salsk_mentoring.mail import send_mail_template
from salsk_mentoring.text import plural_ru
from schools.contacts import organisation_contacts
from schools.models import AcademicYear, Organisation, shift_date

from .models import Iom, IomCampaign, IomRow, IomTemplate, IomTemplateRow, IomTransition, pairs_linking
from .workflows import IOM

S = Iom.Status


# ---------------------------------------------------------------- creation


@transaction.atomic
def iom_create(*, user, iom: Iom) -> Iom:
    """Save a new IOM (validated by its form) and copy the rows of the template of its year."""
    if not user.has_perm("iom.add_iom"):
        raise PermissionDenied("Создавать ИОМ могут образовательные организации и методисты.")
    template = IomTemplate.objects.filter(academic_year=iom.academic_year).first()
    iom.template = template
    if iom.pair_id is None:
        # Link the route to the mentoring pair of this specialist and mentor, when there is one.
        iom.pair = (
            pairs_linking(iom.mentor_id, iom.specialist_id)
            .filter(organisation_id=iom.organisation_id, year_id=iom.academic_year_id)
            .order_by("-start_date")
            .first()
        )
    iom.status = S.DRAFT
    iom._history_user = user
    iom.save()
    copied = []
    if template is not None:
        copied = bulk_create_with_history(
            [
                IomRow(iom=iom, **{name: getattr(row, name) for name in IomRow.PLAN_FIELDS})
                for row in template.rows.order_by("position", "pk")
            ],
            IomRow,
            user=user,
            reason=f"Скопирована из шаблона ИОМ на {template.academic_year} учебный год",
        )
    iom.copied_rows = len(copied)
    IomTransition.objects.create(
        iom=iom,
        action="create",
        from_status=S.DRAFT,
        to_status=S.DRAFT,
        user=user,
        comment=(
            f"Создан по шаблону на {template.academic_year} учебный год: {rows_text(len(copied))} "
            f"{plural_ru(len(copied), 'скопирована,скопированы,скопировано')}."
        )
        if template
        else "Создан без шаблона.",
    )
    return iom


def rows_text(count: int) -> str:
    """«1 строка», «3 строки», «12 строк»."""
    return f"{count} {plural_ru(count, 'строка,строки,строк')}"


# ---------------------------------------------------------------- templates (Appendix 4)


def template_to_copy(academic_year):
    """The latest IOM template of a year before ``academic_year`` (the one a new year starts from), or None."""
    return (
        IomTemplate.objects.filter(academic_year__start_year__lt=academic_year.start_year)
        .select_related("academic_year")
        .order_by("-academic_year__start_year")
        .first()
    )


@transaction.atomic
def iom_template_copy(*, user, source: IomTemplate, academic_year) -> tuple[IomTemplate, int]:
    """Copy ``source`` (Appendix 4 of an earlier year) to ``academic_year``: title, introduction and its rows
    with their deadlines moved by as many years. Returns ``(template, rows created)``; when the year already
    has a template nothing is copied or overwritten (``rows created`` is 0)."""
    if not user.has_perm("iom.add_iomtemplate"):
        raise PermissionDenied("Копировать шаблон ИОМ может только методист.")
    existing = IomTemplate.objects.filter(academic_year=academic_year).first()
    if existing is not None:
        return existing, 0
    years = academic_year.start_year - source.academic_year.start_year
    reason = f"Скопирован из шаблона ИОМ на {source.academic_year} учебный год"
    template = IomTemplate(academic_year=academic_year, title=source.title, introduction=source.introduction)
    template._history_user = user
    template._change_reason = reason
    template.save()
    rows = []
    for row in source.rows.order_by("position", "pk"):
        values = {name: getattr(row, name) for name in IomTemplateRow.PLAN_FIELDS}
        deadline = shift_date(row.deadline, years)
        # A deadline moved out of the year (a year of unusual dates) is kept inside it.
        values["deadline"] = min(max(deadline, academic_year.start_date), academic_year.end_date)
        rows.append(IomTemplateRow(template=template, **values))
    bulk_create_with_history(rows, IomTemplateRow, user=user, reason=reason)
    return template, len(rows)


def missing_template_error(academic_year) -> str:
    source = template_to_copy(academic_year)
    text = (
        f"Для {academic_year} учебного года нет шаблона ИОМ (приложение 4): школы получили бы маршруты "
        "без строк. "
    )
    if source is not None:
        return text + (
            f"Скопируйте шаблон на {source.academic_year} учебный год кнопкой ниже или создайте шаблон "
            "в разделе «Шаблоны ИОМ»."
        )
    return text + "Создайте шаблон в разделе «Шаблоны ИОМ», затем откройте кампанию."


# ---------------------------------------------------------------- transitions
# Each: IOM.begin (who, the row locked, its state now) → what the step itself needs → IOM.finish (one conditional
# UPDATE; a second person acting at once is refused in Russian) → the letter the table declares for the step
# (``Transition.notify``), queued after the commit.


@transaction.atomic
def iom_agree(*, iom: Iom, user, agreed_on=None) -> Iom:
    """The mentor agreed the route (recorded by the school on the mentor's behalf)."""
    IOM.begin(iom, "agree", user=user)
    _check_ready(iom)
    IOM.finish(
        iom,
        "agree",
        user=user,
        mentor_agreed_on=agreed_on or timezone.localdate(),
        comment=f"Наставник {iom.mentor.short_name} согласовал маршрут; ИОМ можно представлять в МБУ ИМЦ.",
    )
    return iom


@transaction.atomic
def iom_revise(*, iom: Iom, user) -> Iom:
    """Take an agreed (not yet submitted) IOM back to draft to change it."""
    IOM.begin(iom, "revise", user=user)
    return IOM.finish(
        iom,
        "revise",
        user=user,
        mentor_agreed_on=None,
        comment="Возвращён в черновик для изменений; нужно повторное согласование наставником.",
    )


def _check_ready(iom):
    if not iom.rows.exists():
        raise ValidationError(
            "В ИОМ нет ни одного мероприятия: добавьте строки маршрута, затем согласуйте и представьте его."
        )
    year = iom.academic_year
    outside = [r for r in iom.rows.all() if not year.contains(r.deadline)]
    if outside:
        numbers = ", ".join(str(r.position) for r in outside)
        raise ValidationError(
            f"Сроки мероприятий № {numbers} выходят за пределы {year.name} учебного года; исправьте их."
        )


@transaction.atomic
def iom_submit(*, iom: Iom, user) -> Iom:
    """The school's head or responsible submits the agreed (or returned and fixed) IOM to the methodists."""
    IOM.begin(iom, "submit", user=user)
    _check_ready(iom)
    resubmitted = iom.status == S.RETURNED
    IOM.finish(
        iom,
        "submit",
        user=user,
        comment="Представлен повторно после доработки." if resubmitted else "Представлен на утверждение.",
    )
    return iom


@transaction.atomic
def iom_return(*, iom: Iom, user, comment: str) -> Iom:
    """A methodist returns the IOM with a comment; the school fixes it and submits again."""
    IOM.begin(iom, "return", user=user)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Напишите, что нужно исправить: без замечаний ИОМ не возвращается.")
    return IOM.finish(iom, "return", user=user, comment=comment, review_comment=comment)


@transaction.atomic
def iom_approve(*, iom: Iom, user, comment: str = "") -> Iom:
    """A methodist approves the submitted IOM; from now on its plan is not edited."""
    IOM.begin(iom, "approve", user=user)
    return IOM.finish(iom, "approve", user=user, comment=(comment or "").strip(), review_comment="")


@transaction.atomic
def iom_start(*, iom: Iom, user) -> Iom:
    IOM.begin(iom, "start", user=user)
    return IOM.finish(iom, "start", user=user, comment="Начата реализация маршрута.")


@transaction.atomic
def iom_complete(*, iom: Iom, user, self_analysis: str, mentor_conclusion: str) -> Iom:
    """Close the route with the specialist's self-analysis and the mentor's conclusion."""
    IOM.begin(iom, "complete", user=user)
    errors = {}
    if not (self_analysis or "").strip():
        errors["self_analysis"] = "Приложите итоговый самоанализ молодого специалиста."
    if not (mentor_conclusion or "").strip():
        errors["mentor_conclusion"] = "Приложите заключение наставника."
    planned = iom.rows.filter(status=IomRow.Status.PLANNED).values_list("position", flat=True)
    if planned:
        errors["__all__"] = (
            "Отметьте выполнение всех мероприятий (выполнено / не выполнено с причиной); не отмечены № "
            + ", ".join(str(p) for p in planned)
            + "."
        )
    if errors:
        raise ValidationError(errors)
    return IOM.finish(
        iom,
        "complete",
        user=user,
        comment=f"Маршрут завершён. Выполнено мероприятий: {iom.progress_text}.",
        self_analysis=self_analysis.strip(),
        mentor_conclusion=mentor_conclusion.strip(),
    )


# ---------------------------------------------------------------- campaigns


def _year_of(day):
    """The academic year containing ``day`` (01.09–31.08), created when it is not in the registry yet."""
    year = AcademicYear.objects.filter(start_date__lte=day, end_date__gte=day).first()
    if year is None:
        start = day.year if day.month >= 9 else day.year - 1
        year, _ = AcademicYear.objects.get_or_create(
            start_year=start,
            defaults={"start_date": datetime.date(start, 9, 1), "end_date": datetime.date(start + 1, 8, 31)},
        )
    return year


@transaction.atomic
def campaign_open(
    *, user, deadline, organisations=None, academic_year=None, title=None, basis="", order_point=None
):
    """Open a submission campaign.

    Called from the campaign form and by the orders app when a signed order's point assigns the duty
    «разработать ИОМ до …» (``order_point``). Without an academic year, the one containing the deadline;
    without organisations, every active educational organisation taking part in the target model.
    """
    if not user.has_perm("iom.add_iomcampaign"):
        raise PermissionDenied("Открывать кампанию может только методист.")
    academic_year = academic_year or _year_of(deadline)
    if not IomTemplate.objects.filter(academic_year=academic_year).exists():
        raise ValidationError(missing_template_error(academic_year))
    if organisations is None:
        organisations = Organisation.objects.for_user(user).filter(
            is_participant=True, is_active=True, kind__in=Organisation.EDUCATIONAL_KINDS
        )
    campaign = IomCampaign(academic_year=academic_year, deadline=deadline, opened_by=user)
    if title:
        campaign.title = title
    campaign.basis = (basis or (str(order_point) if order_point is not None else ""))[:300]
    campaign.full_clean(exclude=["organisations"])
    campaign._history_user = user
    campaign.save()
    campaign.organisations.set(organisations)
    return campaign


@dataclass
class ReminderReport:
    """What «Напомнить отстающим» did, organisation by organisation."""

    #: (organisation, the addresses written to, the young specialists named in the letter)
    reached: list = field(default_factory=list)
    #: (organisation, why it got no letter)
    skipped: list = field(default_factory=list)

    def __str__(self):
        return f"отправлено: {len(self.reached)}, пропущено: {len(self.skipped)}"


ALL_SUBMITTED = "все ИОМ представлены или утверждены"
NO_YOUNG = "нет молодых специалистов"


def campaign_remind(*, campaign: IomCampaign, user, today=None) -> ReminderReport:
    """E-mail each organisation of the campaign whose young specialists still owe an IOM (none, draft,
    returned), naming them, to its head / responsible (else any member, else the organisation's own address),
    after the commit through the mail queue. Returns whom it reached and whom it skipped with the reason."""
    from .campaigns import campaign_organisations, owing

    if not user.has_perm("iom.remind_campaign", campaign):
        raise PermissionDenied("Напоминания рассылает только методист.")
    if not campaign.is_open:
        raise ValidationError("Кампания закрыта: напоминания не рассылаются.")
    today = today or timezone.localdate()
    by_org = {}
    for owed in owing([campaign], user, today=today):
        by_org.setdefault(owed.organisation.pk, []).append(owed)
    organisations = list(campaign_organisations(campaign, user))
    contacts = organisation_contacts(org.pk for org in organisations if org.pk in by_org)
    report = ReminderReport()
    for org in organisations:
        people = by_org.get(org.pk)
        if not people:
            report.skipped.append((org, ALL_SUBMITTED if org.due else NO_YOUNG))
            continue
        recipients = contacts.get(org.pk) or [org]
        result = send_mail_template(
            "iom_campaign_reminder",
            {"campaign": campaign, "organisation": org, "people": people, "overdue": today > campaign.deadline},
            recipients,
        )
        if result:
            report.reached.append((org, result.sent_to, [p.specialist.full_name for p in people]))
        else:
            reasons = "; ".join(sorted({s.reason for s in result.skipped})) or "нет адреса электронной почты"
            report.skipped.append((org, f"{reasons} (ни у организации, ни у её пользователей)"))
    campaign.last_reminder_at = timezone.now()
    campaign._history_user = user
    campaign._change_reason = f"Напоминания: {report}"
    campaign.save(update_fields=["last_reminder_at"])
    return report
