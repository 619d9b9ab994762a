"""Shared class-based views: List / Detail / Edit (add and change) / Delete for every registry.

A registry view names its model, table, filterset and form; scoping,
permissions, exports, history and messages come from here.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.text import capfirst
from django.views import View
from django.views.generic import DeleteView, DetailView, UpdateView
from django_filters.filterset import filterset_factory
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from rules.contrib.views import PermissionRequiredMixin

from .documents.listing import Listing, author_name, listing_pdf
from .documents.listing import from_table as listing_from_table
from .documents.pdf import render_html
from .documents.responses import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE, attachment
from .documents.xlsx import listing_xlsx
from .filters import PortalFilterSet
from .forms import scope_choices
from .imports.columns import header_key
from .locking import lock_row
from .pagination import KeysFirstPaginator
from .params import normalise_list_params
from .scoping import CHANGE, VIEW, get_organisation_model
from .tables import SelectColumn


class RegistryMixin(LoginRequiredMixin):
    """Knows the model, its permission names, its URLs and the user's scope."""

    model = None
    scope_action = VIEW
    list_select_related: tuple = ()
    list_prefetch_related: tuple = ()

    @property
    def opts(self):
        return self.model._meta

    def perm(self, action: str) -> str:
        return f"{self.opts.app_label}.{action}_{self.opts.model_name}"

    def url_name(self, suffix: str) -> str:
        return f"{self.opts.app_label}:{self.opts.model_name}_{suffix}"

    def get_queryset(self):
        qs = self.model._default_manager.for_user(self.request.user, self.scope_action)
        if self.list_select_related:
            qs = qs.select_related(*self.list_select_related)
        if self.list_prefetch_related:
            qs = qs.prefetch_related(*self.list_prefetch_related)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            opts=self.opts,
            verbose_name=self.opts.verbose_name,
            verbose_name_plural=self.opts.verbose_name_plural,
            list_url=self._reverse_or_none("list"),
            add_url=self._reverse_or_none("add"),
            can_add=self.request.user.has_perm(self.perm("add")),
        )
        return context

    def _reverse_or_none(self, suffix, *args):
        from django.urls import NoReverseMatch

        try:
            return reverse(self.url_name(suffix), args=args)
        except NoReverseMatch:
            return None


class RegistryListView(RegistryMixin, PermissionRequiredMixin, SingleTableMixin, FilterView):
    """A paginated, sortable, filterable list whose filtered queryset also feeds the XLSX and PDF export."""

    template_name = "registry/list.html"
    # The table paginates (one COUNT). ListView's own pagination stays off: with ``paginate_by`` set it
    # paginated the same queryset again, a second COUNT(*) that nobody rendered.
    paginate_by = None
    table_pagination = {"per_page": 50, "paginator_class": KeysFirstPaginator}
    export_formats = ("xlsx", "pdf")
    title = None
    #: The model's workflow table (salsk_mentoring.workflows): its bulk actions the user may take are offered
    #: above the list, with a checkbox per row.
    workflow = None
    #: What an empty list says to whoever may add (templates/includes/empty_state.html) …
    empty_hint = "Добавьте первую запись кнопкой «Добавить»."
    #: … and to whoever may only read it.
    empty_hint_readonly = "Записи появятся здесь, когда их внесут методисты и организации."

    def get_permission_required(self):
        return (self.perm("view"),)

    def setup(self, request, *args, **kwargs):
        # django-tables2 and django-filter read ``request.GET`` themselves: a ``per_page=-1`` or ``page=abc``
        # is dropped before they do (the default page), a page size is capped (salsk_mentoring.params).
        request.GET = normalise_list_params(request.GET)
        super().setup(request, *args, **kwargs)

    def get_title(self):
        return self.title or capfirst(self.opts.verbose_name_plural)

    def get_filterset_class(self):
        """A list without its own filterset gets one of its model's fields built on PortalFilterSet (Russian
        «Все / Да / Нет»), not on django-filter's plain FilterSet («---------», «Неизвестно»)."""
        if self.filterset_class:
            return self.filterset_class
        return filterset_factory(model=self.model, filterset=PortalFilterSet, fields=self.filterset_fields)

    def bulk_actions(self) -> list[dict]:
        if self.workflow is None:
            return []
        if not hasattr(self, "_bulk_actions"):
            workflow = self.workflow
            self._bulk_actions = [
                {"transition": t, "url": reverse(f"{workflow.app_label}:{workflow.model_name}_bulk_{t.code}")}
                for t in workflow.bulk_actions(self.request.user)
            ]
        return self._bulk_actions

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        table.bulk = bool(self.bulk_actions())  # templates that render rows by hand add the checkbox cell
        return table

    def get_table_kwargs(self):
        kwargs = {"request": self.request}
        if self.bulk_actions():
            kwargs.update(extra_columns=[("select", SelectColumn())], sequence=("select", "..."))
        return kwargs

    def get(self, request, *args, **kwargs):
        export = request.GET.get("_export")
        if export:
            if export not in self.export_formats:
                raise Http404("Неизвестный формат выгрузки")
            return self.export(export)
        return super().get(request, *args, **kwargs)

    def get_export_table_kwargs(self):
        return {}

    #: Above these row counts an export is made by a background job (``salsk_mentoring.jobs``): the request
    #: answers at once with the job page. Below them the file is made in the request (≤ 1 s, ``make bench``).
    sync_export_rows = {"pdf": 300, "xlsx": 1000}  # ≤ 1 s on a loaded machine (make bench --only documents)

    def export(self, fmt: str) -> HttpResponse:
        self.filterset = self.get_filterset(self.get_filterset_class())
        if fmt == "pdf" and self.request.GET.get("format") == "html":
            return HttpResponse(self.export_html())
        from .jobs import back_to, job_query, job_when_big

        function, arguments = "salsk_mentoring.views.export_list_job", {
            "view": f"{type(self).__module__}.{type(self).__qualname__}",
            "path": self.request.path,
            "query": job_query(self.request.GET),
            "fmt": fmt,
            "organisation": getattr(self.request.active_organisation, "pk", None),
        }
        job = job_when_big(
            self.request.user, function, arguments,
            rows=lambda: self.filterset.qs.count(), limit=self.sync_export_rows[fmt],
            title=f"{self.get_title()}: выгрузка {fmt.upper()}",
            **back_to(self.request, f"Вернуться к списку «{self.get_title()}»"),
        )
        if job is not None:
            return redirect(job)
        content, filename, content_type = self.build_export(fmt)
        return attachment(content, filename=filename, content_type=content_type)

    def export_table(self):
        if not self.filterset.is_valid():
            self.filterset.form.errors.clear()
        self.object_list = self.filterset.qs
        return self.get_table_class()(self.object_list, request=self.request, **self.get_export_table_kwargs())

    #: The registry's import (``salsk_mentoring.imports.Importer``): its XLSX export then starts with the
    #: import's columns, its key included, so that export → edit in Excel → import updates the same records.
    importer_class = None

    def export_importer(self):
        if self.importer_class is None:
            return None
        return self.importer_class(self.request.user, organisation=getattr(self.request, "active_organisation", None))

    def export_listing(self, progress=None, *, printed=False) -> Listing:
        """The filtered, sorted list as typed rows with its title block (what, which filter, when, by whom);
        ``printed``: without the columns the table leaves out of print (``print_exclude``); the XLSX of an
        importable registry: the import's columns first (:meth:`export_importer`)."""
        user = self.request.user
        table = self.export_table()
        leading, taken = (), None
        importer = None if printed else self.export_importer()
        if importer is not None:
            data = table.data.data
            related, prefetch = importer.export_select_related(), importer.export_prefetch_related()
            if related:
                data = data.select_related(*related)
            if prefetch:
                data = data.prefetch_related(*prefetch)
            table.data.data = data
            leading = [
                (column.header, lambda record, column=column: importer.export_value(record, column))
                for column in importer.export_columns()
            ]
            import_keys = importer.header_keys()
            taken = lambda header: header_key(header) in import_keys  # noqa: E731
        return listing_from_table(
            table,
            title=self.get_title(),
            exclude=getattr(table, "print_exclude", ()) if printed else (),
            filters=self.describe_filters(),
            author=author_name(user),
            progress=progress,
            leading=leading,
            taken=taken,
        )

    def export_html(self) -> str:
        """``?_export=pdf&format=html``: the same list as HTML in the browser."""
        listing = self.export_listing(printed=True)
        return render_html(
            "print/table.html", {"listing": listing, "printed_rows": listing.printed_rows()}, self.request
        )

    def build_export(self, fmt: str, job=None):
        """The filtered list as (content, filename, content_type); a job gets progress in rows, then pages."""
        listing = self.export_listing(progress=job.reporter("Выборка строк") if job else None, printed=fmt == "pdf")
        if fmt == "xlsx":
            content = listing_xlsx(listing, progress=job.reporter("Запись строк") if job else None)
            return content, listing.file_name("xlsx"), XLSX_CONTENT_TYPE
        content = listing_pdf(listing, progress=job.reporter("Вёрстка страниц", approximate=True) if job else None)
        return content, listing.file_name("pdf"), PDF_CONTENT_TYPE

    def describe_filters(self):
        form = self.filterset.form
        parts = []
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
            if value in (None, "", [], ()) or (hasattr(value, "exists") and not value.exists()):
                continue
            if hasattr(value, "__iter__") and not isinstance(value, str):
                value = ", ".join(str(v) for v in value)
            parts.append(f"{field.label}: {value}")
        return parts

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        table = context["table"]
        context.update(
            title=self.get_title(),
            result_count=table.page.paginator.count if table.page else len(table.rows),
            filtered=any(value for key, value in query.items() if key not in ("sort", "_export")),
            empty_hint=self.empty_hint,
            empty_hint_readonly=self.empty_hint_readonly,
            export_query=query.urlencode(),
            export_formats=self.export_formats,
            bulk_actions=self.bulk_actions(),
        )
        return context


class RegistryDetailView(RegistryMixin, PermissionRequiredMixin, DetailView):
    template_name = "registry/detail.html"
    detail_exclude: tuple = ()

    def get_permission_required(self):
        return (self.perm("view"),)

    def get_object(self, queryset=None):
        """Looked up once per request: the permission check (django-rules) and ``DetailView.get`` both ask."""
        if queryset is not None:
            return super().get_object(queryset)
        if not hasattr(self, "_object"):
            self._object = super().get_object()
        return self._object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            can_change=user.has_perm(self.perm("change"), self.object),
            can_delete=user.has_perm(self.perm("delete"), self.object),
            edit_url=self._reverse_or_none("edit", self.object.pk),
            delete_url=self._reverse_or_none("delete", self.object.pk),
            detail_exclude=self.detail_exclude,
        )
        return context


class ScopedFormKwargsMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs


class RegistryEditView(RegistryMixin, ScopedFormKwargsMixin, PermissionRequiredMixin, UpdateView):
    """One view for add (no ``pk`` in the URL) and change.

    The object is looked up inside the user's *view* scope (another school's
    object is a 404); changing it needs the change permission (403 otherwise).
    A school user's new record is filed under their active organisation.
    """

    template_name = "registry/form.html"
    success_message = "Сохранено: «{object}»."

    @property
    def is_add(self):
        return "pk" not in self.kwargs

    def get_permission_required(self):
        return (self.perm("add" if self.is_add else "change"),)

    def dispatch(self, request, *args, **kwargs):
        # A save is checked against the record's version and written under the row's lock (one transaction):
        # two people saving at once cannot both pass the check (salsk_mentoring.forms.VersionedFormMixin).
        if request.method == "POST" and not self.is_add:
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        if self.is_add:
            return None
        if not hasattr(self, "_object"):
            if self.request.method == "POST":
                # The row's lock first (by key: the scoped queryset may carry annotations); the read below then
                # sees the row as committed by whoever held the lock before us.
                lock_row(self.model, self.kwargs["pk"])
            self._object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self._object

    def get_permission_object(self):
        return self.get_object()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.is_add:
            kwargs["instance"] = self.new_instance()
        return kwargs

    def new_instance(self):
        """A new, unsaved object; a school user's is filed under their active organisation before validation."""
        instance = self.model()
        user = self.request.user
        if user.is_school and any(f.name == "organisation" for f in self.opts.fields):
            instance.organisation = self.request.active_organisation
        return instance

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.success_message.format(object=self.object))
        return response

    def form_invalid(self, form):
        if getattr(form, "has_conflict", False):
            messages.error(
                self.request, "Запись не сохранена: её изменили, пока вы редактировали. Введённое осталось в форме."
            )
        else:
            messages.error(self.request, "Запись не сохранена: исправьте ошибки, отмеченные в форме.")
        return super().form_invalid(form)

    def get_success_url(self):
        if hasattr(self.object, "get_absolute_url"):
            return self.object.get_absolute_url()
        return reverse(self.url_name("list"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = (
            f"Новая запись: {self.opts.verbose_name}" if self.is_add else f"Изменение: {self.object}"
        )
        context["cancel_url"] = (
            self.object.get_absolute_url() if self.object and hasattr(self.object, "get_absolute_url")
            else self._reverse_or_none("list")
        )
        return context


class FormsetEditMixin:
    """An edit view with an inline formset of rows under the main form, saved together (one transaction)."""

    formset_class = None
    formset_prefix = "rows"
    #: The rows are typed with a new record too (not only when it is changed).
    formset_on_add = False

    def get_formset(self, instance):
        if self.request.method == "POST":
            formset = self.formset_class(
                self.request.POST, self.request.FILES, instance=instance, prefix=self.formset_prefix
            )
        else:
            formset = self.formset_class(instance=instance, prefix=self.formset_prefix)
        for form in formset.forms:  # a row's choices too are what the user may see
            scope_choices(form, self.request.user)
        return formset

    def show_formset(self):
        return self.formset_on_add or not self.is_add

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.show_formset() and "formset" not in context:
            context["formset"] = self.get_formset(self.object)
        return context

    def form_valid(self, form):
        if not self.show_formset():
            return super().form_valid(form)
        formset = self.get_formset(form.instance)
        if not formset.is_valid():
            messages.error(self.request, "Запись не сохранена: исправьте ошибки в строках, отмеченные ниже.")
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        with transaction.atomic():
            response = super().form_valid(form)
            formset.instance = self.object
            formset.save()
        return response


class ObjectActionView(LoginRequiredMixin, View):
    """A POST-only action on one object (withdraw a consent, open a campaign …): 405 for any other method, then
    the login, the object looked up in the user's scope (404), the permission (403), then :meth:`act` — a
    service; its Russian refusals become error messages, the text it returns a success message."""

    model = None
    permission = ""
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return HttpResponseNotAllowed(self.http_method_names)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        obj = get_object_or_404(self.model._default_manager.for_user(self.request.user), pk=self.kwargs["pk"])
        if not self.request.user.has_perm(self.permission, obj):
            raise PermissionDenied("Это действие вам недоступно.")
        return obj

    def act(self, obj) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            message = self.act(obj)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            if message:
                messages.success(request, message)
        return redirect(self.success_url(obj))

    def success_url(self, obj):
        return obj.get_absolute_url()


class RegistryDeleteView(RegistryMixin, PermissionRequiredMixin, DeleteView):
    template_name = "registry/confirm_delete.html"

    def get_permission_required(self):
        return (self.perm("delete"),)

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self._object

    def get_permission_object(self):
        return self.get_object()

    def form_valid(self, form):
        name = str(self.object)
        try:
            self.object.delete()
        except ProtectedError as exc:
            related = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
            messages.error(
                self.request, f"«{name}» нельзя удалить: на запись ссылаются {', '.join(related)}."
            )
            return redirect(self.object.get_absolute_url() if hasattr(self.object, "get_absolute_url") else "/")
        messages.success(self.request, f"Удалено: «{name}».")
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse(self.url_name("list"))


def export_list_job(*, job, view, path, query, fmt, organisation=None):
    """Background export of a registry list: the same view, filters and scope as the user's request."""
    from django.test import RequestFactory
    from django.utils.module_loading import import_string

    request = RequestFactory().get(f"{path}?{query}")
    request.user = job.user
    request.active_organisation = (
        get_organisation_model().objects.for_user(job.user).filter(pk=organisation).first() if organisation else None
    )
    view_instance = import_string(view)()
    view_instance.setup(request)
    view_instance.filterset = view_instance.get_filterset(view_instance.get_filterset_class())
    return view_instance.build_export(fmt, job=job)


def exportable_lists(resolver=None, namespace=""):
    """(URL name, view class) of every registry list in the URL configuration that offers an export:
    what the export tests, the cell reader's test and the documents bench walk."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from exportable_lists(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "view_class", None)
            if view is not None and issubclass(view, RegistryListView) and view.export_formats:
                yield f"{namespace}{entry.name}", view


def registry_urls(prefix: str, model_name: str, *, list_view=None, detail_view=None, edit_view=None, delete_view=None):
    """URL patterns of one registry: ``<prefix>/``, ``<prefix>/<pk>/``, ``add/``, ``<pk>/edit/``, ``<pk>/delete/``."""
    from django.urls import path

    patterns = []
    if list_view:
        patterns.append(path(f"{prefix}/", list_view.as_view(), name=f"{model_name}_list"))
    if edit_view:
        patterns.append(path(f"{prefix}/add/", edit_view.as_view(), name=f"{model_name}_add"))
    if detail_view:
        patterns.append(path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{model_name}_detail"))
    if edit_view:
        patterns.append(path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{model_name}_edit"))
    if delete_view:
        patterns.append(path(f"{prefix}/<int:pk>/delete/", delete_view.as_view(), name=f"{model_name}_delete"))
    return patterns


__all__ = [
    "CHANGE",
    "FormsetEditMixin",
    "RegistryDeleteView",
    "RegistryDetailView",
    "RegistryEditView",
    "RegistryListView",
    "registry_urls",
]
