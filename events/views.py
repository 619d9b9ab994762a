"""Pages of the event plan: the published plan, the methodists' list, «Мои задачи», a line with its evidence,
the month calendar, calendar feeds and printed documents."""

import calendar as pycalendar
import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from salsk_mentoring import inbox
from salsk_mentoring.documents.listing import author_name
from salsk_mentoring.documents.responses import XLSX_CONTENT_TYPE, attachment, document_response, printed_response
from salsk_mentoring.documents.xlsx import write_rows
from salsk_mentoring.params import month_param, pk_param
from salsk_mentoring.uploads import serve_upload
from salsk_mentoring.views import FormsetEditMixin, RegistryDetailView, RegistryEditView, RegistryListView
from salsk_mentoring.workflow_views import transition_actions
from schools.models import AcademicYear, Organisation

from . import execution, services
from .appendices import HEADERS, event_plan, plan_for
from .filters import PlanItemFilter
from .forms import EvidenceForm, PlanItemForm, ResponsibleFormSet
from .ical import build_calendar
from .models import Assignment, CalendarFeed, EventPlan, Evidence, PlanItem, PlanItemResponsible, Status
from .schedule import MONTH_NAMES
from .tables import PlanItemTable
from .workflows import LINE


def _can_publish(user) -> bool:
    return user.has_perm("events.change_eventplan")


def _published_plan(request):
    """The plan named by ``?plan=`` (default: Order 866's): published ones for everybody; methodists and officials
    also see an unpublished plan (a copy for the new year), to check it before it is published."""
    pk = pk_param(request.GET, "plan")  # not a plan's number (letters, -1, 10²⁵): the default plan
    plan = plan_for({"plan": pk} if pk else {}, request.user)
    if plan is None:
        raise Http404("План не найден")
    return plan


def my_organisation(request):
    """Whose tasks the user sees: a school user's active organisation, else the first membership."""
    org = getattr(request, "active_organisation", None)
    if org:
        return getattr(org, "_wrapped", org)  # unwrap the lazy object: rules look at type(obj)
    ids = request.user.organisation_ids if request.user.is_authenticated else []
    return Organisation.objects.for_user(request.user).filter(pk__in=ids).order_by("pk").first() if ids else None


# --- the published plan (no login) --------------------------------------------------------------------------
@require_safe
def public_plan(request):
    plan = _published_plan(request)
    content = event_plan(params={"plan": plan.pk}, user=request.user)
    # Methodists and officials also get the unpublished plans (not an order's duties) to open them.
    others = list(
        EventPlan.objects.for_user(request.user)
        .filter(Q(is_published=True) | Q(appendix_number__gt=0))
        .exclude(pk=plan.pk)
        .select_related("academic_year")
    )
    return render(
        request,
        "events/public_plan.html",
        {
            "plan": plan,
            "appendix": content,
            "items": content.context["items"],
            "glossary": content.context["glossary"],
            "other_plans": [p for p in others if p.is_published],
            "unpublished_plans": [p for p in others if not p.is_published],
            "title": plan.title,
        },
    )


@require_safe
def plan_pdf(request):
    plan = _published_plan(request)
    content = event_plan(params={"plan": plan.pk}, user=request.user)
    context = {"appendix": content, "context": content.context, "plan": plan, "title": content.title}
    return document_response(
        request,
        "events/print/plan.html",
        context,
        filename=f"{plan.document_name}.pdf",
    )


@require_safe
def plan_xlsx(request):
    plan = _published_plan(request)
    content = event_plan(params={"plan": plan.pk}, user=request.user)
    user = request.user
    data = write_rows(content.xlsx_rows, title="План мероприятий", headers=HEADERS, filters=[f"План: {plan}"],
                      author=author_name(user) if user.is_authenticated else "")
    return attachment(
        data, filename=f"План мероприятий {plan.academic_year}.xlsx", content_type=XLSX_CONTENT_TYPE
    )


def _ics_response(data: bytes, filename: str):
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@require_safe
def plan_ics(request):
    """The whole published plan: public like the plan (item statuses only, no school's lines)."""
    plan = _published_plan(request)
    states = execution.item_states(execution.items_queryset(PlanItem.objects.for_user(request.user).filter(plan=plan)))
    return _ics_response(build_calendar(states, name=f"План мероприятий {plan.academic_year}"), "plan.ics")


@require_safe
def organisation_ics(request, token):
    """One organisation's own tasks, behind its member's secret address (calendar apps cannot sign in): what
    that member sees in «Мои задачи», while they are an active member."""
    feed = CalendarFeed.objects.by_token(token)
    if feed is None:
        raise Http404("Календарь не найден: адрес мог быть заменён на новый или больше не действует.")
    org = feed.organisation
    items = execution.items_queryset(PlanItem.objects.for_user(feed.user).responsible(org), organisation_ids={org.pk})
    states = execution.item_states(items, organisation_ids={org.pk})
    return _ics_response(build_calendar(states, name=f"Задачи плана: {org}", organisation=org), "tasks.ics")


# --- methodists' list and item pages --------------------------------------------------------------------
class PlanItemMixin:
    model = PlanItem
    list_select_related = ("plan", "plan__academic_year")


class PlanItemListView(PlanItemMixin, RegistryListView):
    empty_hint = "Добавьте пункт плана кнопкой «Добавить» или скопируйте план прошлого учебного года."
    table_class = PlanItemTable
    filterset_class = PlanItemFilter
    title = "Исполнение плана мероприятий"
    template_name = "events/planitem_list.html"

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "states": self.filterset.item_states}

    def get_export_table_kwargs(self):
        return {**super().get_export_table_kwargs(), "states": self.filterset.item_states}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = list(context["table"].data)  # the table computed every item's state
        context["status_counts"] = [
            (Status(value).label, execution.STATUS_CSS[value], sum(1 for i in items if i.state.status == value))
            for value in Status.values
        ]
        plan = pk_param(self.request.GET, "plan")
        context["copy_plan_pk"] = plan
        if plan and _can_publish(self.request.user):
            context["filter_plan"] = EventPlan.objects.for_user(self.request.user).filter(pk=plan).first()
        return context


RESPONSIBLE_HISTORY_LIMIT = 30


class PlanItemDetailView(PlanItemMixin, RegistryDetailView):
    template_name = "events/planitem_detail.html"

    def get_queryset(self):
        return execution.items_queryset(super().get_queryset()).prefetch_related("evidence_kinds")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        limit = None if (user.is_methodist or user.is_official) else set(user.organisation_ids)
        state = execution.item_states([self.object], organisation_ids=limit)[0]
        evidence = (
            Evidence.objects.for_user(user)
            .filter(assignment__item=self.object)
            .select_related("assignment__organisation", "kind")
        )
        by_org: dict[int, list] = {}
        for ev in evidence:
            by_org.setdefault(ev.assignment.organisation_id, []).append(ev)
        for line in state.lines:
            line.evidence_list = by_org.get(line.organisation.pk, [])
        history = (
            PlanItemResponsible.history.filter(item_id=self.object.pk)
            .select_related("history_user", "organisation")
            .order_by("-history_date", "-history_id")[: RESPONSIBLE_HISTORY_LIMIT + 1]
        )
        history = list(history)
        context.update(
            state=state,
            Status=Status,
            # «Вернуть на доработку» for the ticked done lines (the one bulk view of the workflows; back here).
            bulk_actions=[
                {"transition": t, "url": reverse(f"events:assignment_bulk_{t.code}")} for t in LINE.bulk_actions(user)
            ],
            bulk_next=self.request.get_full_path(),
            responsible_history=history[:RESPONSIBLE_HISTORY_LIMIT],
            responsible_history_truncated=len(history) > RESPONSIBLE_HISTORY_LIMIT,
        )
        return context


class PlanItemEditView(PlanItemMixin, FormsetEditMixin, RegistryEditView):
    """The item and its responsible organisations (a formset; each change is in their history)."""

    form_class = PlanItemForm
    formset_class = ResponsibleFormSet
    formset_prefix = "responsibles"
    formset_on_add = True
    template_name = "events/planitem_form.html"

    def get_formset(self, instance):
        formset = super().get_formset(instance)
        if instance is not None and instance.pk:
            formset.queryset = instance.responsibles.select_related("organisation__municipality")
        return formset

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code != 302:
            return response
        if self.object.schedule_kind == "unknown" and self.object.needs_pinning:
            messages.warning(
                self.request,
                f"Срок «{self.object.deadline_text}» сохранён как написан, но не распознан: "
                f"{self.object.schedule_error} Уточните даты вручную.",
            )
        return response


@require_POST
@login_required
def plan_copy(request, pk):
    """«Скопировать план на новый учебный год» (methodists): an unpublished copy, opened in the items list."""
    plan = get_object_or_404(EventPlan.objects.for_user(request.user), pk=pk)
    if not request.user.has_perm("events.add_eventplan"):
        raise PermissionDenied("Копировать план может только методист.")
    try:
        copy = services.plan_copy(user=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("events:planitem_list") + f"?plan={plan.pk}")
    messages.success(
        request,
        f"План скопирован на {copy.academic_year} учебный год: {copy.items.count()} п., сроки сдвинуты на год, "
        "ответственные те же, исполнение не начато. План не опубликован: проверьте сроки и нажмите "
        "«Опубликовать план».",
    )
    return redirect(reverse("events:planitem_list") + f"?plan={copy.pk}")


@require_POST
@login_required
def plan_publication(request, pk, publish):
    """«Опубликовать план» / «Снять с публикации» (methodists); back to the plan's page."""
    plan = get_object_or_404(EventPlan.objects.for_user(request.user).select_related("academic_year"), pk=pk)
    if not request.user.has_perm("events.change_eventplan", plan):
        raise PermissionDenied("Публиковать план и снимать его с публикации может только методист.")
    try:
        plan = services.plan_publish(user=request.user, plan=plan, publish=publish)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if publish:
            messages.success(
                request,
                f"План на {plan.academic_year} учебный год опубликован: он виден всем на странице плана, "
                "в PDF, XLSX и календаре (.ics).",
            )
        else:
            messages.success(
                request,
                f"План на {plan.academic_year} учебный год снят с публикации: его видят только методисты. "
                "Исполнение по нему и «Мои задачи» организаций не меняются.",
            )
    return redirect(plan.get_absolute_url())


# --- a school's tasks ---------------------------------------------------------------------------------
@require_safe
@login_required
def my_tasks(request):
    """«Мои задачи»: every duty of the organisation (plan lines, IOMs, monitoring forms, consents ending —
    salsk_mentoring.inbox) of the current academic year and later ones, overdue first, then by due date — the same
    selection as the dashboard's widget (inbox.shown_duties). ``?years=all`` adds the earlier years, whose
    unfinished duties are only counted by default (their year is closed)."""
    org = my_organisation(request)
    year = AcademicYear.current()
    show_all = request.GET.get("years") == "all"
    duties, feed, earlier_open = [], None, 0
    if org is not None:
        duties, earlier_open = inbox.shown_duties(request.user, org, year=year, all_years=show_all)
        feed = services.calendar_feed_for(user=request.user, organisation=org)
    groups = [
        ("Просрочено", "overdue", [d for d in duties if d.overdue and not d.done]),
        ("Предстоит", "open", [d for d in duties if not d.overdue and not d.done]),
        ("Выполнено и на рассмотрении", "done", [d for d in duties if d.done]),
    ]
    return render(
        request,
        "events/my_tasks.html",
        {
            "organisation": org,
            "groups": groups,
            "feed": feed,
            "today": execution.today(),
            "title": "Мои задачи",
            "year": year,
            "show_all": show_all,
            "earlier_open": earlier_open,
            "open_count": len(groups[0][2]) + len(groups[1][2]),
            "year_ended": year is not None and year.end_date < execution.today(),
        },
    )


def _line_objects(request, item_pk, org_pk):
    """Item and organisation of a line: another school's line is a 404, as is a non-responsible one."""
    item = get_object_or_404(
        execution.items_queryset(PlanItem.objects.for_user(request.user)).prefetch_related("evidence_kinds"), pk=item_pk
    )
    org = get_object_or_404(Organisation.objects.for_user(request.user), pk=org_pk)
    if not execution.responsible_for(item, org):
        raise Http404("Организация не отвечает за этот пункт плана.")
    return item, org


@login_required
def line(request, item_pk, org_pk):
    """One responsible's line: status, evidence, and the form to add evidence (POST)."""
    item, org = _line_objects(request, item_pk, org_pk)
    can_change = request.user.has_perm("events.change_assignment", org)
    form = EvidenceForm(user=request.user, item=item)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("Добавлять подтверждения может только сама организация или методист.")
        form = EvidenceForm(request.POST, request.FILES, user=request.user, item=item)
        if form.is_valid():
            try:
                services.evidence_add(user=request.user, item=item, organisation=org, evidence=form.instance)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Подтверждение «{form.instance.title}» добавлено.")
                return redirect("events:line", item.pk, org.pk)
        messages.error(request, "Подтверждение не добавлено: исправьте ошибки, отмеченные в форме.")
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    state = execution.item_states([item], organisation_ids={org.pk})[0]
    this_line = state.lines[0]
    assignment = this_line.assignment or Assignment(item=item, organisation=org)
    evidence = list(
        Evidence.objects.for_user(request.user)
        .filter(assignment__item=item, assignment__organisation=org)
        .select_related("kind", "created_by")
    )
    return render(
        request,
        "events/line.html",
        {
            "item": item,
            "organisation": org,
            "line": this_line,
            "evidence": evidence,
            "form": form,
            "can_change": can_change,
            # The transitions of the line's table allowed now (events/workflows.py), also before it has a row.
            "actions": transition_actions(LINE, request.user, assignment, args=[item.pk, org.pk]),
            "title": f"П. {item.position}: {org}",
            "Status": Status,
        },
    )


def _evidence(request, pk):
    return get_object_or_404(
        Evidence.objects.for_user(request.user).select_related(
            "assignment__organisation", "assignment__item"
        ),
        pk=pk,
    )


@require_safe
@login_required
def evidence_file(request, pk):
    evidence = _evidence(request, pk)
    if not evidence.file:
        raise Http404("К подтверждению не приложен файл.")
    return serve_upload(evidence.file)


@require_POST
@login_required
def evidence_delete(request, pk):
    evidence = _evidence(request, pk)
    assignment = evidence.assignment
    try:
        services.evidence_delete(user=request.user, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Подтверждение «{evidence.title}» удалено.")
    return redirect("events:line", assignment.item_id, assignment.organisation_id)


@require_POST
@login_required
def calendar_feed_rotate(request):
    org = my_organisation(request)
    if org is None:
        messages.error(request, "У вас нет организации, для которой ведётся календарь.")
    else:
        services.calendar_feed_rotate(user=request.user, organisation=org)
        messages.success(request, "Адрес календаря заменён: старый больше не работает, подпишитесь заново.")
    return redirect("events:my_tasks")


# --- month calendar -----------------------------------------------------------------------------------
@require_safe
@login_required
def month_calendar(request):
    day = execution.today()
    first = month_param(request.GET, "month", day.replace(day=1))
    year, month = first.year, first.month
    user = request.user
    org = my_organisation(request) if user.is_school else None
    qs = PlanItem.objects.for_user(user)
    if org:
        qs = qs.responsible(org)
    plan_pk = pk_param(request.GET, "plan")
    if plan_pk:
        qs = qs.filter(plan_id=plan_pk)
    own = {org.pk} if org else None
    states = execution.item_states(execution.items_queryset(qs, organisation_ids=own), organisation_ids=own)
    by_day: dict[datetime.date, list] = {}
    running = []
    for state in states:
        item = state.item
        in_month = [d for d in item.deadlines() if d.year == year and d.month == month]
        for d in in_month:
            by_day.setdefault(d, []).append(state)
        if not in_month and item.touches_month(year, month):
            running.append(state)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {"date": d, "in_month": d.month == month, "today": d == day, "states": by_day.get(d, [])}
                for d in week
            ]
        )
    prev_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "events/calendar.html",
        {
            "title": f"Календарь плана: {MONTH_NAMES[month]} {year}",
            "weeks": weeks,
            "running": running,
            "prev_month": f"{prev_month:%Y-%m}",
            "next_month": f"{next_month:%Y-%m}",
            "organisation": org,
            "weekdays": ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"],
            "plan_pk": plan_pk or "",
        },
    )


# --- execution report ---------------------------------------------------------------------------------

@dataclass
class ParticipantSummary:
    """The «ОО» lines of one item in one sentence: the printed report names only who is behind."""

    total: int
    counts: list  # (status label, count) of the statuses that occur, in Status order
    overdue: list  # organisations
    in_progress: list


def _participant_summary(lines) -> ParticipantSummary | None:
    if not lines:
        return None
    counts = [
        (Status(value).label, sum(1 for ln in lines if ln.status == value)) for value in Status.values
    ]
    return ParticipantSummary(
        total=len(lines),
        counts=[(label, n) for label, n in counts if n],
        overdue=[ln.organisation for ln in lines if ln.status == Status.OVERDUE],
        in_progress=[ln.organisation for ln in lines if ln.status == Status.IN_PROGRESS],
    )


def execution_report_context(plan, user):
    """One row per item: the named responsibles with their evidence, the participating schools («ОО») summed
    up with the names of those behind — a few pages whatever the number of schools (WeasyPrint's time grows
    with the table rows, and a line per school made 40 pages of a district's plan)."""
    items = execution.items_queryset(PlanItem.objects.for_user(user).filter(plan=plan)).order_by("position")
    states = execution.item_states(items)
    named = PlanItemResponsible.objects.filter(item__plan=plan, organisation__isnull=False).values("organisation")
    evidence = (
        Evidence.objects.for_user(user)
        .filter(assignment__item__plan=plan, assignment__organisation__in=named)
        .select_related("assignment", "kind")
        .order_by("created_at", "pk")
    )
    by_line: dict[tuple, list] = {}
    for ev in evidence:
        by_line.setdefault((ev.assignment.item_id, ev.assignment.organisation_id), []).append(ev)
    for state in states:
        state.named_lines = [ln for ln in state.lines if not ln.via_all]
        for ln in state.named_lines:
            ln.evidence_list = by_line.get((state.item.pk, ln.organisation.pk), [])
        state.participants = _participant_summary([ln for ln in state.lines if ln.via_all])
    totals = [(Status(v).label, sum(1 for s in states if s.status == v)) for v in Status.values]
    return {
        "title": f"Исполнение плана мероприятий {plan.academic_year}",
        "plan": plan,
        "states": states,
        "totals": totals,
        "generated": timezone.localtime(),
        "today": execution.today(),
    }


@require_safe
@login_required
def execution_report(request):
    if not request.user.has_perm("events.view_execution_report"):
        raise PermissionDenied("Отчёт об исполнении плана доступен методистам и руководству.")
    pk = pk_param(request.GET, "plan")
    plan = plan_for({"plan": pk} if pk else {}, request.user)  # staff: unpublished plans too
    if plan is None:
        raise Http404("План не найден")
    # One table row per item, each named responsible with its evidence: counted before anything is built (unless
    # the same report is already on its way), a big report is made by a background job (printed_response).
    def rows():
        return PlanItem.objects.for_user(request.user).filter(plan=plan).count() + PlanItemResponsible.objects.filter(
            item__plan=plan, organisation__isnull=False
        ).count()

    return printed_response(
        request,
        lambda: (
            "events/print/execution_report.html",
            execution_report_context(plan, request.user),
            f"Исполнение плана {plan.academic_year}.pdf",
        ),
        rows=rows,
        title=f"Отчёт об исполнении плана {plan.academic_year}",
    )
