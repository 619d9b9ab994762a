from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from salsk_mentoring.documents import parts
from salsk_mentoring.documents.listing import author_name
from salsk_mentoring.documents.responses import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE, attachment
from salsk_mentoring.jobs import start_job
from salsk_mentoring.views import RegistryDetailView, RegistryEditView, RegistryListView
from schools.models import Organisation

from . import appendix_content, printing, services
from .filters import OrderFilter
from .forms import AppendixFormSet, OrderForm, PointFormSet, params_hints
from .layout import profile_for
from .models import DEFAULT_ISSUER_GENITIVE, Order, OrderPoint
from .tables import OrderTable
from .workflows import ORDER

SIGNED_MESSAGE = (
    "Приказ подписан и больше не изменяется. Чтобы издать новый на его основе, нажмите «Создать копию»."
)


def order_queryset(user):
    return (
        Order.objects.for_user(user)
        .select_related("issuer")
        .prefetch_related(
            Prefetch("points", queryset=OrderPoint.objects.select_related("plan_item").prefetch_related("addressees")),
            "appendices",
        )
    )


class OrderMixin:
    model = Order

    def get_queryset(self):
        return order_queryset(self.request.user)


class OrderListView(OrderMixin, RegistryListView):
    empty_hint = "Составьте приказ кнопкой «Добавить»: пункты, адресаты и приложения заполняются в форме."
    table_class = OrderTable
    filterset_class = OrderFilter
    title = "Приказы"

    def get_queryset(self):
        return Order.objects.for_user(self.request.user)


class OrderDetailView(OrderMixin, RegistryDetailView):
    """The order's card. Its appendices are listed from their outlines (``appendix_content.outline``: title, missing
    state, XLSX or not), never built: the card of Order 866 runs the same queries with 1 or 1,000 bank entries."""

    template_name = "orders/order_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        points = list(order.points.all())
        items = []
        for appendix in order.appendices.all():
            appendix.order = order
            # The outline (title, missing state, is it a table), not the rows: see orders/appendix_content.py.
            item = printing.Item(appendix, appendix_content.outline(appendix))
            item.kind = appendix_content.KINDS.get(appendix.kind)
            items.append(item)
        user = self.request.user
        numbered = order.numbered_points(points)
        previews = services.duty_previews(order, points)
        for point in points:
            point.duty_preview = previews.get(point.pk, "")
        context.update(
            points=numbered,
            control_number=f"{sum(1 for number, _ in numbered if number.count('.') == 1) + 1}.",
            appendix_items=items,
            profile=profile_for(order),
            can_sign=ORDER.may(user, order, "sign"),
            # A signed order loaded as data is frozen at loading; its duties are still created by a methodist.
            can_freeze=user.has_perm("orders.add_order")
            and order.is_signed
            and (not order.is_frozen or order.duties_assigned_at is None),
            can_copy=user.has_perm("orders.add_order"),
        )
        return context


class OrderEditView(OrderMixin, RegistryEditView):
    """The composer: the order's requisites and text, its points and its appendices on one page."""

    form_class = OrderForm
    template_name = "orders/order_form.html"
    success_message = "Приказ сохранён: «{object}»."

    def get_permission_required(self):
        # A signed order is refused with a message (not a bare 403): see get/post.
        return ("orders.add_order",)

    def get(self, request, *args, **kwargs):
        if not self.is_add and self.get_object().is_signed:
            messages.error(request, SIGNED_MESSAGE)
            return redirect(self.get_object().get_absolute_url())
        return super().get(request, *args, **kwargs)

    def new_instance(self):
        from django.utils import timezone

        authorities = Organisation.objects.for_user(self.request.user).filter(kind=Organisation.Kind.AUTHORITY)
        issuer = authorities.order_by("pk").first()
        return Order(issuer=issuer, date=timezone.localdate(), issuer_genitive=DEFAULT_ISSUER_GENITIVE)

    def formsets(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        organisations = Organisation.objects.for_user(self.request.user).filter(is_active=True).order_by("short_name")
        points = PointFormSet(
            data,
            instance=instance,
            prefix="points",
            organisations=organisations,
            queryset=OrderPoint.objects.filter(order=instance).select_related("plan_item").prefetch_related("addressees")
            if instance.pk
            else OrderPoint.objects.none(),
        )
        appendices = AppendixFormSet(data, instance=instance, prefix="appendices")
        if instance.pk:  # what each saved point will create at signing, shown under its «Поручение»
            saved = [f.instance for f in points if f.instance.pk]
            previews = services.duty_previews(instance, saved)
            for point in saved:
                point.duty_preview = previews.get(point.pk, "")
        return points, appendices

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "points_formset" not in kwargs:
            instance = self.object or self.get_form().instance
            context["points_formset"], context["appendix_formset"] = self.formsets(instance)
        context["params_hints"] = params_hints()
        context["title"] = "Новый приказ" if self.is_add else f"Изменение: {self.object}"
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        points, appendices = self.formsets(form.instance)
        if form.is_valid() and points.is_valid() and appendices.is_valid():
            return self.save_all(form, points, appendices)
        messages.error(
            request, "Приказ не сохранён: исправьте ошибки, отмеченные в форме. Введённое сохранено в форме."
        )
        return self.render_to_response(
            self.get_context_data(form=form, points_formset=points, appendix_formset=appendices)
        )

    @transaction.atomic
    def save_all(self, form, points, appendices):
        self.object = form.save()
        points.instance = appendices.instance = self.object
        saved = points.save(commit=False)
        last = max([p.position for p in self.object.points.all()] + [0])
        for point in saved:
            if not point.position:
                last += 10
                point.position = last
            point.save()
        points.save_m2m()
        for point in points.deleted_objects:
            point.delete()
        appendices.save()
        messages.success(self.request, self.success_message.format(object=self.object))
        if "continue" in self.request.POST:
            return redirect("orders:order_edit", pk=self.object.pk)
        return redirect(self.object.get_absolute_url())


def preview_response(html: str) -> HttpResponse:
    """The print document in the browser (``?format=html``). Print templates carry their page CSS in a
    <style> block (WeasyPrint needs it there), so this one response allows inline styles; scripts stay
    forbidden and every value in the document is escaped."""
    response = HttpResponse(html)
    response._csp_update = {"style-src": ["'unsafe-inline'"]}
    return response


class OrderObjectView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Base of the actions and downloads of one order, looked up inside the user's scope (404 outside)."""

    permission_required = "orders.view_order"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(order_queryset(self.request.user), pk=self.kwargs["pk"])
        return self._object

    def get_permission_object(self):
        return self.get_object()

    def job_page(self, title, function, **arguments):
        """Start the background job ``function`` for this order (with ``arguments``); the answer is its page, with a
        link back to the order."""
        order = self.get_object()
        back = {"back_url": order.get_absolute_url(), "back_label": "Вернуться к приказу"}
        return redirect(
            start_job(user=self.request.user, title=title, function=function, order=order.pk, **back, **arguments)
        )


class OrderActionView(OrderObjectView):
    http_method_names = ["post"]
    permission_required = "orders.add_order"

    def post(self, request, *args, **kwargs):
        order = self.get_object()
        try:
            return self.act(order)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return redirect(order.get_absolute_url())


class OrderSignView(OrderActionView):
    def act(self, order):
        notes = services.order_sign(order=order, user=self.request.user)
        messages.success(self.request, f"Приказ {order.reference} подписан; приложения зафиксированы.")
        for note in notes:
            messages.info(self.request, note)
        return redirect(order.get_absolute_url())


class OrderFreezeView(OrderActionView):
    def act(self, order):
        was_frozen = order.is_frozen
        notes = services.order_confirm(order=order, user=self.request.user)
        if not was_frozen:
            messages.success(self.request, "Приложения зафиксированы: печатная форма больше не изменится.")
        elif not notes:
            messages.success(self.request, "Поручений в пунктах приказа нет.")
        for note in notes:
            messages.info(self.request, note)
        return redirect(order.get_absolute_url())


class OrderCopyView(OrderActionView):
    def act(self, order):
        copy = services.order_copy(order=order, user=self.request.user)
        messages.success(
            self.request, f"Создан проект приказа по образцу {order.reference}. Укажите номер и дату."
        )
        return redirect("orders:order_edit", pk=copy.pk)


class OrderPdfView(OrderObjectView):
    """The whole pack: the order and all its appendices (``?format=html`` — the same in the browser). A frozen
    order or a pack whose parts are all in the cache comes at once; a cold build is a background job (the print
    pool) and the answer is its page."""

    def get(self, request, *args, **kwargs):
        order = self.get_object()
        if request.GET.get("format") == "html":
            return preview_response(printing.render_pack_html(order))
        pdf = printing.ready_pack_pdf(order)
        if pdf is not None:
            return attachment(pdf, filename=f"{printing.pack_title(order)}.pdf", content_type=PDF_CONTENT_TYPE)
        return self.job_page(f"{printing.pack_title(order)}: печатная форма (PDF)", "orders.printing.pack_job")


class OrderDocxView(OrderObjectView):
    """The order with its appendices as an editable DOCX (officials edit it before signing); a big pack is made
    by a background job and the answer is its page."""

    def get(self, request, *args, **kwargs):
        order = self.get_object()
        html = printing.render_pack_html(order)
        if html.count("<tr") <= printing.DOCX_SYNC_ROWS:
            return attachment(
                printing.pack_docx(order, html),
                filename=f"{printing.pack_title(order)}.docx",
                content_type=printing.DOCX_CONTENT_TYPE,
            )
        return self.job_page(f"{printing.pack_title(order)}: документ Word (DOCX)", "orders.printing.docx_job")


class AppendixDownloadView(OrderObjectView):
    fmt = "pdf"

    def get(self, request, *args, **kwargs):
        order = self.get_object()
        appendix = next((a for a in order.appendices.all() if a.number == self.kwargs["number"]), None)
        if appendix is None:
            raise Http404("В приказе нет такого приложения.")
        name = printing.appendix_title(order, appendix)
        if self.fmt == "xlsx":
            content = printing.appendix_xlsx(order, appendix, author=author_name(request.user))
            if content is None:
                messages.error(
                    request,
                    f"Приложение {appendix.number} — не таблица или его данные отсутствуют: "
                    "XLSX не сформирован.",
                )
                return redirect(order.get_absolute_url())
            return attachment(content, filename=f"{name}.xlsx", content_type=XLSX_CONTENT_TYPE)
        html = printing.appendix_html(order, appendix)
        if request.GET.get("format") == "html":
            return preview_response(html)
        [pdf] = parts.cached_parts([html])
        if pdf is None:  # not laid out since its data last changed: a job, as the pack's
            return self.job_page(f"{name}: PDF", "orders.printing.appendix_job", number=appendix.number)
        pdf = printing.stamp_appendix(order, html, pdf)
        return attachment(pdf, filename=f"{name}.pdf", content_type=PDF_CONTENT_TYPE)
