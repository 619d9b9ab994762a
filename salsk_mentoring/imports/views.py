"""The import pages of a registry: upload → dry-run preview (errors per row) → commit, and the template
download. ``import_urls()`` gives a registry both URLs."""

import uuid
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.text import capfirst
from django.views.generic import TemplateView

from ..documents.responses import XLSX_CONTENT_TYPE, attachment
from .importer import Importer, ImportRefused, TooBigForRequest

SESSION_KEY = "pending_imports"
PREVIEW_ROWS = 20
#: A file with more rows (counted before any is read, blank ones included) is checked and written by a
#: background job (salsk_mentoring.jobs) with progress; a request reads at most this many.
BACKGROUND_ROWS = 5000


class ImportView(LoginRequiredMixin, TemplateView):
    """Upload → dry-run preview (errors per row) → commit. Needs the registry's ``add`` permission."""

    importer_class: type[Importer] = None
    list_url_name = ""
    template_name = "registry/import.html"

    @property
    def opts(self):
        return self.importer_class.model._meta

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}"):
            raise PermissionDenied("Импорт в этот реестр вам недоступен.")
        return super().dispatch(request, *args, **kwargs)

    #: Update mode of this request («Обновить существующие записи» ticked, or the pending file's choice).
    update_mode = False

    def importer(self):
        return self.importer_class(
            self.request.user, organisation=self.request.active_organisation, update=self.update_mode
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        importer = self.importer()
        context.update(
            title=f"Импорт из XLSX: {self.opts.verbose_name_plural}",
            columns=[(c, c.describe(), importer.is_required(c)) for c in importer.file_columns()],
            list_url=reverse(self.list_url_name) if self.list_url_name else None,
            template_url=self.request.path + "template/",
            max_rows=f"{settings.IMPORT_MAX_ROWS:,}".replace(",", "\u00a0"),
            max_mb=settings.MAX_UPLOAD_MB,
            background_rows=f"{BACKGROUND_ROWS:,}".replace(",", "\u00a0"),
            organisation=importer.organisation,
            update_key=next(
                (c.header for c in importer.columns if importer.update_key and c.field == importer.update_key),
                None,
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        token = request.POST.get("token")
        if token:
            return self.commit(token)
        upload = request.FILES.get("file")
        if upload is None:
            return self.render_to_response(self.get_context_data(refused="Выберите файл XLSX для загрузки."))
        update = self.update_mode = bool(request.POST.get("update"))
        importer = self.importer()
        try:
            result = importer.parse(upload, background_above=BACKGROUND_ROWS)
        except TooBigForRequest as big:
            # Counted, not read: a file this big is checked and written (all rows or none) by a job.
            return self.start_background(importer, upload, big.rows)
        except ImportRefused as exc:
            return self.render_to_response(self.get_context_data(refused=str(exc), update=update))
        context = self.get_context_data(
            result=result, preview=self.preview(importer, result), filename=upload.name, update=update
        )
        if result.ok:
            token, stored = self.store(upload)
            pending = request.session.get(SESSION_KEY, {})
            pending[token] = {
                "path": stored, "name": upload.name, "model": self.opts.label_lower, "rows": result.total,
                "update": importer.update,
            }
            request.session[SESSION_KEY] = pending
            context["token"] = token
        return self.render_to_response(context)

    def store(self, upload) -> tuple[str, str]:
        """Keep the checked file until the commit (``media/imports/``, removed by the commit or expire_jobs)."""
        upload.seek(0)
        token = uuid.uuid4().hex
        extension = "csv" if upload.name.lower().endswith(".csv") else "xlsx"
        return token, default_storage.save(f"imports/{token}.{extension}", ContentFile(upload.read()))

    def start_background(self, importer, upload, rows):
        from ..jobs import start_job

        _, stored = self.store(upload)
        job = start_job(
            user=self.request.user,
            title=f"Импорт «{upload.name}»: {self.opts.verbose_name_plural}",
            function="salsk_mentoring.imports.jobs.import_job",
            reuse=False,  # an import writes records: each upload is its own job, even of the same file
            back_url=reverse(self.list_url_name) if self.list_url_name else "",
            back_label=f"Вернуться к списку «{capfirst(self.opts.verbose_name_plural)}»",
            importer=f"{self.importer_class.__module__}.{self.importer_class.__qualname__}",
            path=stored,
            name=upload.name,
            rows=rows,
            organisation=getattr(self.request.active_organisation, "pk", None),
            update=importer.update,
            options=importer.job_options(),
        )
        messages.info(
            self.request,
            f"В файле «{upload.name}» около {rows} строк: он проверяется и записывается в фоне — все строки или ни "
            "одной. Ход проверки и итог — на этой странице и в «Моих документах».",
        )
        return redirect(job)

    def preview(self, importer, result):
        headers = [c.header for c in importer.columns]
        rows = []
        for number, values in result.rows[:PREVIEW_ROWS]:
            cells = [self.display(values.get(c.field or c.key), c) for c in importer.columns]
            rows.append((number, "обновление" if values.get("_update") else "новая", cells))
        return {"headers": headers, "rows": rows, "update": importer.update}

    @staticmethod
    def display(value, column=None):
        if value is None:
            return ""
        if column is not None and column.kind == "choice":
            return dict(column.choices).get(value, value)  # the label the user wrote, not the stored code
        if isinstance(value, bool):
            return "да" if value else "нет"
        if isinstance(value, date):
            return value.strftime("%d.%m.%Y")
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return str(value)

    def commit(self, token):
        pending = self.request.session.get(SESSION_KEY, {})
        entry = pending.pop(token, None)
        self.request.session[SESSION_KEY] = pending
        if entry is None or entry.get("model") != self.opts.label_lower:
            messages.error(self.request, "Предпросмотр устарел: загрузите файл ещё раз.")
            return redirect(self.request.path)
        self.update_mode = entry.get("update", False)
        importer = self.importer()
        try:
            with default_storage.open(entry["path"], "rb") as fh:
                upload = ContentFile(fh.read(), name=entry["name"])
            upload.size = len(upload)
            result = importer.run(upload, dry_run=False)
        except FileNotFoundError:  # the preview waited longer than expire_jobs keeps a file
            messages.error(self.request, "Предпросмотр устарел: загрузите файл ещё раз.")
            return redirect(self.request.path)
        except ImportRefused as exc:
            return self.render_to_response(self.get_context_data(refused=str(exc)))
        finally:
            default_storage.delete(entry["path"])
        if not result.ok:
            # The data changed since the preview (e.g. someone added the same e-mail): nothing is written.
            return self.render_to_response(
                self.get_context_data(result=result, preview=None, filename=entry["name"])
            )
        done = f"добавлено записей — {result.created}"
        if importer.update:
            done += f", обновлено — {result.updated}, без изменений — {result.unchanged}"
        messages.success(self.request, f"Импорт выполнен (файл «{entry['name']}»): {done}.")
        return redirect(reverse(self.list_url_name) if self.list_url_name else self.request.path)


class ImportTemplateView(ImportView):
    def get(self, request, *args, **kwargs):
        importer = self.importer()
        return attachment(
            importer.template(),
            filename=f"Шаблон импорта — {self.opts.verbose_name_plural}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )

    def post(self, request, *args, **kwargs):
        return self.http_method_not_allowed(request, *args, **kwargs)


def import_urls(prefix: str, model_name: str, importer_class: type[Importer], *, list_url_name: str):
    """``<prefix>/import/`` and ``<prefix>/import/template/`` for one registry."""
    attrs = {"importer_class": importer_class, "list_url_name": list_url_name}
    view = type(f"{importer_class.__name__}View", (ImportView,), attrs)
    template_view = type(f"{importer_class.__name__}TemplateView", (ImportTemplateView,), attrs)
    return [
        path(f"{prefix}/import/", view.as_view(), name=f"{model_name}_import"),
        path(f"{prefix}/import/template/", template_view.as_view(), name=f"{model_name}_import_template"),
    ]
