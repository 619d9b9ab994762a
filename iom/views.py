import functools

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from salsk_mentoring.documents.listing import author_name
from salsk_mentoring.documents.responses import XLSX_CONTENT_TYPE, attachment, printed_response
from salsk_mentoring.documents.xlsx import write_rows
from salsk_mentoring.forms import scope_choices
from salsk_mentoring.pagination import rows_by_keys
from salsk_mentoring.params import pk_param
from salsk_mentoring.scoping import VIEW
from salsk_mentoring.text import plural_ru
from salsk_mentoring.uploads import serve_upload
from salsk_mentoring.views import (
    FormsetEditMixin,
    RegistryDeleteView,
    RegistryDetailView,
    RegistryEditView,
    RegistryListView,
)
from salsk_mentoring.workflow_views import error_text as _error_text
from salsk_mentoring.workflow_views import transition_actions
from schools.models import Organisation

from . import services
from .appendices import HEADERS as TEMPLATE_HEADERS
from .appendices import group_by_section, iom_template
from .campaigns import (
    COLUMNS,
    OWES,
    Row,
    by_municipality,
    campaign_figures,
    campaign_organisations,
    campaign_rows,
    owing,
    totals,
)
from .filters import CampaignFilter, IomFilter, IomTemplateFilter
from .forms import (
    CampaignForm,
    IomExecutionFormSet,
    IomForm,
    IomRowFormSet,
    IomTemplateForm,
    IomTemplateRowFormSet,
)
from .models import Iom, IomCampaign, IomRow, IomTemplate, IomTransition
from .tables import CampaignTable, IomTable, IomTemplateTable
from .workflows import IOM

PDF_MAX_ORGANISATIONS = 300


# ---------------------------------------------------------------- IOMs


class IomMixin:
    model = Iom
    list_select_related = ("specialist", "mentor", "organisation", "academic_year")


class IomListView(IomMixin, RegistryListView):
    empty_hint = "Создайте ИОМ молодого специалиста кнопкой «Добавить»: строки маршрута заполнятся из шаблона ИОМ."
    empty_hint_readonly = "ИОМ появятся, когда организации внесут маршруты молодых специалистов."
    table_class = IomTable
    workflow = IOM
    filterset_class = IomFilter
    title = "ИОМ молодых специалистов"

    def get_queryset(self):
        return super().get_queryset().with_progress().order_by(*Iom._meta.ordering)


class IomDetailView(IomMixin, RegistryDetailView):
    template_name = "iom/iom_detail.html"
    list_select_related = (
        "specialist",
        "mentor__organisation",
        "organisation",
        "academic_year",
        "template",
        "pair__mentor__teacher",
    )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("rows", queryset=IomRow.objects.order_by("position", "pk")),
                Prefetch(
                    "transitions", queryset=IomTransition.objects.select_related("user").order_by("at", "pk")
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        iom, user = self.object, self.request.user
        rows = list(iom.rows.all())
        context.update(
            rows=rows,
            groups=group_by_section(rows),
            done=sum(1 for r in rows if r.status == IomRow.Status.DONE),
            progress=round(100 * sum(1 for r in rows if r.status == IomRow.Status.DONE) / len(rows))
            if rows
            else 0,
            transitions=list(iom.transitions.all()),
            actions=transition_actions(IOM, user, iom),
            can_execute=iom.status == Iom.Status.IN_PROGRESS and user.has_perm("iom.execute_iom", iom),
            can_import=user.has_perm("iom.import_iomrow", iom),
            import_url=reverse("iom:iomrow_import", args=[iom.pk]),
        )
        return context


class IomEditView(IomMixin, FormsetEditMixin, RegistryEditView):
    form_class = IomForm
    formset_class = IomRowFormSet
    template_name = "iom/iom_form.html"

    def get_initial(self):
        initial = super().get_initial()
        if self.is_add:
            # «Составить ИОМ» from the campaign or «Мои задачи» names the organisation, specialist and year.
            for name in ("organisation", "specialist", "academic_year"):
                value = pk_param(self.request.GET, name)
                if value is not None:
                    initial[name] = value
        return initial

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            return super().handle_no_permission()
        iom = None if self.is_add else self.get_object()
        if iom is not None and not iom.is_editable and self.request.user.has_perm("iom.execute_iom", iom):
            messages.error(
                self.request,
                f"ИОМ в статусе «{iom.get_status_display()}» изменять нельзя: "
                + (
                    "утверждённый маршрут не редактируется, отмечается только выполнение мероприятий."
                    if iom.is_accepted
                    else "дождитесь решения методиста или верните ИОМ в черновик."
                ),
            )
            return redirect(iom.get_absolute_url())
        return super().handle_no_permission()

    def form_valid(self, form):
        if self.is_add:
            try:
                self.object = services.iom_create(user=self.request.user, iom=form.save(commit=False))
            except PermissionDenied:
                raise
            iom = self.object
            if iom.template_id is None:
                messages.warning(
                    self.request,
                    f"ИОМ создан без строк: шаблона ИОМ на {iom.academic_year} учебный год нет. "
                    "Добавьте мероприятия маршрута ниже.",
                )
            else:
                rows = iom.copied_rows
                messages.success(
                    self.request,
                    f"ИОМ создан; из шаблона на {iom.academic_year} учебный год "
                    f"{plural_ru(rows, 'скопирована,скопированы,скопировано')} {services.rows_text(rows)}. "
                    "Уточните их под выявленные дефициты.",
                )
            return redirect(reverse("iom:iom_edit", args=[self.object.pk]))
        return super().form_valid(form)


class IomDeleteView(IomMixin, RegistryDeleteView):
    pass


class PostOnlyMixin:
    """Actions are POST only, for everybody (405 before asking anyone to sign in)."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)


class IomObjectMixin(LoginRequiredMixin):
    """Looks the IOM up in the user's view scope: another school's IOM is a 404."""

    def get_iom(self):
        if not hasattr(self, "_iom"):
            self._iom = get_object_or_404(
                Iom.objects.for_user(self.request.user, VIEW).select_related(
                    "specialist", "mentor", "organisation", "academic_year"
                ),
                pk=self.kwargs["pk"],
            )
        return self._iom


class IomExecutionView(IomObjectMixin, View):
    """Marks of execution of a running IOM: status per row, reason, evidence file or link."""

    template_name = "iom/iom_execution.html"

    def setup_iom(self):
        iom = self.get_iom()
        if not self.request.user.has_perm("iom.execute_iom", iom):
            raise PermissionDenied("Отмечать выполнение может организация молодого специалиста или методист.")
        return iom

    def get(self, request, pk):
        iom = self.setup_iom()
        if iom.status != Iom.Status.IN_PROGRESS:
            messages.error(request, "Выполнение отмечается, когда ИОМ утверждён и начата его реализация.")
            return redirect(iom.get_absolute_url())
        return self.render(iom, self.execution_formset(iom))

    def execution_formset(self, iom, *data):
        formset = IomExecutionFormSet(*data, instance=iom, prefix="rows")
        for form in formset.forms:  # the rows' keys are looked up among the rows the user may see
            scope_choices(form, self.request.user)
        return formset

    def post(self, request, pk):
        iom = self.setup_iom()
        if iom.status != Iom.Status.IN_PROGRESS:
            messages.error(request, "Выполнение отмечается, когда ИОМ утверждён и начата его реализация.")
            return redirect(iom.get_absolute_url())
        formset = self.execution_formset(iom, request.POST, request.FILES)
        if formset.is_valid():
            formset.save()
            messages.success(request, "Отметки о выполнении сохранены.")
            return redirect(iom.get_absolute_url())
        messages.error(request, "Отметки не сохранены: исправьте ошибки в строках.")
        return self.render(iom, formset)

    def render(self, iom, formset):
        return render(
            self.request, self.template_name, {"iom": iom, "formset": formset, "title": f"Выполнение: {iom}"}
        )


class IomPrintView(IomObjectMixin, View):
    def get(self, request, pk):
        iom = self.get_iom()
        return printed_response(
            request,
            lambda: self.printed(iom),
            rows=lambda: iom.rows.count() + PRINT_FORM_ROWS,
            title=f"ИОМ {iom.specialist.short_name} {iom.academic_year}",
        )

    def printed(self, iom):
        rows = list(iom.rows.order_by("position", "pk"))
        context = {
            "iom": iom,
            "groups": group_by_section(rows),
            "with_status": iom.status in (Iom.Status.IN_PROGRESS, Iom.Status.COMPLETED),
            "title": f"ИОМ {iom.specialist.full_name}",
            "generated": timezone.localtime(),
        }
        return "iom/print/iom.html", context, f"ИОМ {iom.specialist.short_name} {iom.academic_year}.pdf"


#: The rows of the IOM print form besides its route: the particulars table and the signatures.
PRINT_FORM_ROWS = 11


# ---------------------------------------------------------------- templates (Appendix 4)


class IomTemplateMixin:
    model = IomTemplate
    list_select_related = ("academic_year",)


class IomTemplateListView(IomTemplateMixin, RegistryListView):
    table_class = IomTemplateTable
    filterset_class = IomTemplateFilter
    export_formats = ()
    title = "Шаблоны ИОМ (приложение 4)"

    def get_queryset(self):
        return super().get_queryset().annotate(row_count=Count("rows"))


class IomTemplateDetailView(IomTemplateMixin, RegistryDetailView):
    template_name = "iom/iomtemplate_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = group_by_section(list(self.object.rows.all()))
        return context


class IomTemplateEditView(IomTemplateMixin, FormsetEditMixin, RegistryEditView):
    form_class = IomTemplateForm
    formset_class = IomTemplateRowFormSet
    template_name = "iom/iom_form.html"


class IomTemplatePrintView(LoginRequiredMixin, View):
    """Appendix 4 alone: PDF (``?format=html`` to preview) or XLSX (``?_export=xlsx``)."""

    def get(self, request, pk):
        template = get_object_or_404(IomTemplate.objects.for_user(request.user), pk=pk)
        # Made once, when the file, the count or the document asks for it (not for a print already on its way).
        content = functools.cache(lambda: iom_template(params={"year": template.academic_year_id}, user=request.user))
        if request.GET.get("_export") == "xlsx":
            return attachment(
                write_rows(
                    content().xlsx_rows or [],
                    title="Приложение 4",
                    headers=content().xlsx_headers or TEMPLATE_HEADERS,
                    filters=[f"Учебный год: {template.academic_year}"],
                    author=author_name(request.user),
                ),
                filename=f"Приложение 4 ИОМ {template.academic_year}.xlsx",
                content_type=XLSX_CONTENT_TYPE,
            )
        return printed_response(
            request,
            lambda: (
                "iom/print/appendix_standalone.html",
                {"appendix": content(), "context": content().context, "title": content().title},
                f"Приложение 4 ИОМ {template.academic_year}.pdf",
            ),
            rows=lambda: len(content().xlsx_rows or ()),
            title=f"Приложение 4 ИОМ {template.academic_year}",
        )


# ---------------------------------------------------------------- campaigns


class CampaignMixin:
    model = IomCampaign
    list_select_related = ("academic_year",)


class CampaignListView(CampaignMixin, RegistryListView):
    table_class = CampaignTable
    filterset_class = CampaignFilter
    export_formats = ()
    title = "Кампании по ИОМ"

    def get_queryset(self):
        return super().get_queryset().annotate(org_count=Count("organisations"))


class CampaignDetailView(CampaignMixin, RegistryDetailView):
    template_name = "iom/campaign_detail.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        export = request.GET.get("_export")
        if export:
            return self.export(export)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def rows(self):
        if not hasattr(self, "_rows"):
            self._rows = campaign_rows(self.object, self.request.user)
        return self._rows

    def owing(self):
        """Who still owes an IOM, by name, filtered by the page's ``owes_org`` / ``owes`` (reason) / ``q``."""
        if not hasattr(self, "_owing"):
            people = owing([self.object], self.request.user)
            self._owing_all = people
            org = self.request.GET.get("owes_org", "")
            reason = self.request.GET.get("owes", "")
            query = self.request.GET.get("q", "").strip().lower()
            if org.isdigit():
                people = [p for p in people if p.organisation.pk == int(org)]
            if reason in OWES:
                people = [p for p in people if p.reason == reason]
            if query:
                people = [p for p in people if query in p.specialist.full_name.lower()]
            self._owing = people
        return self._owing

    def export_owing(self):
        people = self.owing()
        data = [
            [p.organisation.short_name, p.specialist.full_name, p.specialist.position or "", p.reason_label,
             self.object.deadline, "да" if p.overdue else "нет"]
            for p in people
        ]
        stamp = timezone.localdate().strftime("%d.%m.%Y")
        return attachment(
            write_rows(
                data,
                title="Не представили ИОМ",
                headers=["Организация", "Молодой специалист", "Должность", "Состояние ИОМ", "Срок", "Срок прошёл"],
                **self.title_block(),
            ),
            filename=f"Не представили ИОМ {stamp}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )

    def title_block(self) -> dict:
        """The XLSX title block's filter (which campaign) and author."""
        return {
            "filters": [f"Кампания: {self.object.title}", f"Срок: {self.object.deadline:%d.%m.%Y}"],
            "author": author_name(self.request.user),
        }

    def export(self, fmt):
        if fmt == "owing":
            return self.export_owing()
        headers = [
            "Организация",
            "Молодых специалистов",
            "На рассмотрении",
            "Возвращено",
            "Утверждено",
            "Не представлено",
            "Просрочено",
        ]
        stamp = timezone.localdate().strftime("%d.%m.%Y")
        if fmt == "xlsx":
            rows = self.rows()
            data = [r.values() for r in rows] + [["Итого", *totals(rows).values()]]
            return attachment(
                write_rows(data, title="Кампания ИОМ", headers=headers, **self.title_block()),
                filename=f"Кампания ИОМ {stamp}.xlsx",
                content_type=XLSX_CONTENT_TYPE,
            )
        if fmt == "pdf":
            # The organisations it sums up, counted before they are: a big campaign is made by a job.
            return printed_response(
                self.request,
                lambda: self.printed(headers, stamp),
                rows=lambda: Organisation.objects.for_user(self.request.user).filter(iom_campaigns=self.object).count(),
                title=f"Кампания ИОМ «{self.object.title}»",
            )
        raise Http404("Неизвестный формат выгрузки")

    def printed(self, headers, stamp):
        campaign, rows = self.object, self.rows()
        # WeasyPrint lays out ≈40 table rows a second: a region-wide campaign is summed by municipality
        # in the PDF; the line of every organisation is in the XLSX.
        grouped = len(rows) > PDF_MAX_ORGANISATIONS
        context = {
            "campaign": campaign,
            "grouped": grouped,
            "rows": by_municipality(rows) if grouped else rows,
            "totals": totals(rows),
            "headers": ["Муниципалитет", *headers[1:]] if grouped else headers,
            "generated": timezone.localtime(),
            "title": campaign.title,
            "today": timezone.localdate(),
        }
        return "iom/print/campaign.html", context, f"Кампания ИОМ {stamp}.pdf"

    #: Organisations per page: a region-wide campaign has ~2,100 (the XLSX and the PDF carry them all).
    per_page = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        figures = campaign_figures(self.object, user)
        page = Paginator(campaign_organisations(self.object, user), self.per_page).get_page(
            self.request.GET.get("page")
        )
        context.update(
            page=page,
            # The page's organisations by their keys: SQLite would otherwise count the figures of every
            # organisation of the campaign before sorting them (salsk_mentoring.pagination).
            rows=[Row(org, figures["overdue_now"]) for org in rows_by_keys(page.object_list)],
            totals=figures["totals"],
            organisations=page.paginator.count,
            iom_list_url=reverse("iom:iom_list"),
            columns=COLUMNS,
            overdue_now=figures["overdue_now"],
            can_remind=user.has_perm("iom.remind_campaign", self.object) and self.object.is_open,
            behind=figures["behind"],
        )
        people = self.owing()
        names_page = Paginator(people, self.per_page).get_page(self.request.GET.get("names_page"))
        owes_orgs = {p.organisation.pk: p.organisation for p in self._owing_all}
        context.update(
            owing=names_page,
            owing_total=len(self._owing_all),
            owing_count=len(people),
            owes_choices=OWES,
            owes_orgs=sorted(owes_orgs.values(), key=lambda o: o.short_name),
            owes_filter={
                "org": self.request.GET.get("owes_org", ""),
                "owes": self.request.GET.get("owes", ""),
                "q": self.request.GET.get("q", ""),
            },
            owes_query=self.request.GET.copy().urlencode() if self.request.GET else "",
            iom_add_url=reverse("iom:iom_add"),
        )
        return context


class CampaignEditView(CampaignMixin, RegistryEditView):
    form_class = CampaignForm
    template_name = "iom/campaign_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["copy_template"] = self.request.method == "POST" and "copy_template" in self.request.POST
        return kwargs

    def form_valid(self, form):
        if not self.is_add:
            return super().form_valid(form)
        data = form.cleaned_data
        copied = None
        try:
            with transaction.atomic():
                if data.get("copy_from") is not None:
                    template, rows = services.iom_template_copy(
                        user=self.request.user, source=data["copy_from"], academic_year=data["academic_year"]
                    )
                    copied = (template, rows)
                self.object = services.campaign_open(
                    user=self.request.user,
                    academic_year=data["academic_year"],
                    deadline=data["deadline"],
                    organisations=data["organisations"],
                    title=data["title"],
                    basis=data.get("basis", ""),
                )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
            return self.form_invalid(form)
        count = len(data["organisations"])
        if copied is not None:
            messages.success(
                self.request,
                f"Шаблон ИОМ на {data['copy_from'].academic_year} учебный год скопирован на "
                f"{data['academic_year']}: {services.rows_text(copied[1])}. Проверьте сроки и формулировки "
                "в разделе «Шаблоны ИОМ».",
            )
        messages.success(
            self.request, f"Кампания открыта: {count} {plural_ru(count, 'организация,организации,организаций')}."
        )
        return redirect(self.object.get_absolute_url())


class CampaignRemindView(PostOnlyMixin, LoginRequiredMixin, View):
    """«Напомнить отстающим»: e-mails every organisation that still owes IOMs (naming who) and answers with a
    report — whom it reached (addresses) and whom it skipped, with the reason."""

    def post(self, request, pk):
        campaign = get_object_or_404(IomCampaign.objects.for_user(request.user), pk=pk)
        if not request.user.has_perm("iom.remind_campaign", campaign):
            raise PermissionDenied("Напоминания рассылает только методист.")
        try:
            report = services.campaign_remind(campaign=campaign, user=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect(campaign.get_absolute_url())
        reached = len(report.reached)
        if reached:
            messages.success(
                request,
                f"Напоминания отправлены: {reached} {plural_ru(reached, 'организации,организациям,организациям')}.",
            )
        else:
            messages.warning(request, "Напоминания не отправлены никому: причины — в отчёте ниже.")
        return render(
            request,
            "iom/campaign_remind_report.html",
            {"campaign": campaign, "report": report, "title": f"Напоминания: {campaign.title}"},
        )


def evidence_file(request, pk):
    """An IOM row's evidence file, only to those who may see the IOM (uploads are never served from /media/)."""
    from django.contrib.auth.views import redirect_to_login

    from .models import IomRow

    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    row = get_object_or_404(IomRow.objects.for_user(request.user, VIEW), pk=pk)
    if not row.evidence_file:
        raise Http404("К строке маршрута не приложен файл.")
    return serve_upload(row.evidence_file)
