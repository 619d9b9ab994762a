"""Import of IOM rows from XLSX (a school that keeps its routes in spreadsheets).

Built on the project's import base (:mod:`salsk_mentoring.imports`): the same checks of the file,
headers, formulas and row limit, per-row Russian errors, dry-run preview, all rows or none. The rows are
appended to one IOM, which must be a draft or returned (an approved route is not edited); each row's
deadline must lie inside the IOM's academic year.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from salsk_mentoring.imports import Column, Importer, ImportTemplateView, ImportView
from salsk_mentoring.scoping import VIEW

from .models import ActivityForm, Iom, IomRow


class IomRowImporter(Importer):
    model = IomRow
    title = "Строки ИОМ"
    change_reason = "Импорт строк ИОМ из XLSX"
    columns = [
        Column("№ п/п", "position", kind="int", min_value=0, max_value=999, default=0, example=1),
        Column(
            "Направление развития / профессиональный дефицит",
            "section",
            required=True,
            max_length=300,
            example="Планирование и проектирование урока в соответствии с ФГОС",
        ),
        Column("Задачи", "tasks", kind="text", example="Научиться составлять технологическую карту урока"),
        Column("Мероприятия", "activity", kind="text", required=True, example="Посещение уроков наставника"),
        Column(
            "Форма",
            "form",
            kind="choice",
            choices=ActivityForm.choices,
            default=ActivityForm.OTHER,
            example="Консультация наставника",
        ),
        Column(
            "Срок",
            "deadline",
            kind="date",
            required=True,
            example="31.01.2022",
            help="Дата ДД.ММ.ГГГГ в пределах учебного года ИОМ",
        ),
        Column("Форма отчётности", "reporting_form", max_length=300, example="Технологические карты уроков"),
        Column("Ожидаемый результат", "expected_result", kind="text", example="Урок по ФГОС"),
    ]

    def __init__(self, user, organisation=None, *, iom=None):
        super().__init__(user, organisation=organisation)
        self.iom = iom

    @classmethod
    def for_job(cls, user, organisation=None, *, update=False, iom=None):
        from salsk_mentoring.scoping import CHANGE

        found = Iom.objects.for_user(user, CHANGE).filter(pk=iom).first()
        if found is None or not user.has_perm("iom.import_iomrow", found):
            raise ValueError("ИОМ не найден или больше не принимает строки (он уже не черновик)")
        return cls(user, organisation=organisation, iom=found)

    def job_options(self):
        return {"iom": self.iom.pk}

    def build(self, values, row):
        if any(e.row == row for e in self.errors[-5:]):
            return None
        values = {k: v for k, v in values.items() if v is not None or k not in ("position", "form")}
        values.setdefault("position", 0)
        values.setdefault("form", ActivityForm.OTHER)
        for name in ("tasks", "reporting_form", "expected_result"):
            values[name] = values.get(name) or ""
        instance = IomRow(iom=self.iom, **{k: v for k, v in values.items() if k in self.model_field_names()})
        try:
            instance.clean()
        except Exception as exc:  # ValidationError: reported against the row and column
            self.report_validation_error(exc, row)
            return None
        return instance


class IomRowImportMixin:
    """The import belongs to one IOM: looked up in the user's scope (404), editable (403 with the reason)."""

    importer_class = IomRowImporter
    list_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.iom = get_object_or_404(
            Iom.objects.for_user(request.user, VIEW).select_related("academic_year", "specialist"),
            pk=kwargs["pk"],
        )
        if not request.user.has_perm("iom.import_iomrow", self.iom):
            if request.user.has_perm("iom.execute_iom", self.iom):
                raise PermissionDenied(
                    f"ИОМ в статусе «{self.iom.get_status_display()}»: строки загружаются только в черновик "
                    "или возвращённый на доработку ИОМ."
                )
            raise PermissionDenied("Загружать строки ИОМ может его организация или методист.")
        return super(ImportView, self).dispatch(request, *args, **kwargs)

    def importer(self):
        return self.importer_class(
            self.request.user, organisation=self.request.active_organisation, iom=self.iom
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=f"Загрузка строк из XLSX: {self.iom}", list_url=self.iom.get_absolute_url())
        return context

    def commit(self, token):
        response = super().commit(token)
        if response.status_code == 302 and response["Location"] == self.request.path:
            return redirect(self.iom.get_absolute_url())
        return response


class IomRowImportView(IomRowImportMixin, ImportView):
    pass


class IomRowImportTemplateView(IomRowImportMixin, ImportTemplateView):
    pass
